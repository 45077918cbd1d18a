/// A request a requester session cannot take: misuse of the API itself, not a VSS answer
/// (VSS's own refusals are answers with their HRESULT). The server maps the kind to its
/// status: 400, 404 or 409.
public struct SessionError: Error, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The body is not a valid call: `path` names the field.
        case badRequest
        /// No such machine, session or shadow copy: the message names it.
        case notFound
        /// The machine's own state forbids it (a VM that is off has no VSS service running).
        case conflict
    }

    public let kind: Kind
    public let message: String
    /// The field of the body at fault, for `badRequest`.
    public let path: String?

    public static func badRequest(_ message: String, path: String) -> SessionError {
        SessionError(kind: .badRequest, message: message, path: path)
    }

    public static func notFound(_ message: String) -> SessionError {
        SessionError(kind: .notFound, message: message, path: nil)
    }

    public static func conflict(_ message: String) -> SessionError {
        SessionError(kind: .conflict, message: message, path: nil)
    }
}
