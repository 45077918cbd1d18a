/// An error qemu-ga answers with: `{"error": {"class": …, "desc": …}}`. The description is
/// bytes, not text, because a stray byte such as 0xFF goes into it unchanged and only the
/// writer turns it into `\uFFFD`, as QEMU does.
struct AgentError: Error, Equatable {
    enum Class: String {
        case genericError = "GenericError"
        case commandNotFound = "CommandNotFound"
    }

    let errorClass: Class
    let desc: [UInt8]

    init(_ errorClass: Class = .genericError, _ desc: [UInt8]) {
        self.errorClass = errorClass
        self.desc = desc
    }

    init(_ errorClass: Class = .genericError, _ desc: String) {
        self.init(errorClass, Array(desc.utf8))
    }

    /// `error_setg(…, "JSON parse error, %s", …)`.
    static func parse(_ detail: String) -> AgentError { AgentError(.genericError, "JSON parse error, " + detail) }

    /// The response object, without an `id` (the dispatcher adds one when it has it).
    var response: AgentDict {
        AgentDict([("error", .dict(AgentDict([("class", .string(errorClass.rawValue)), ("desc", .string(desc))])))])
    }
}
