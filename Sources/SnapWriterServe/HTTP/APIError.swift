import SnapWriter

/// A misuse of the API itself, as api.md's Conventions answer it: the HTTP status, a code,
/// a message and, for a body that is not valid, the path of the field at fault. What VSS or
/// SQL Server would refuse is never one of these: it is a 200 with its HRESULT.
public struct APIError: Error, Sendable {
    public let status: Int
    public let code: String
    public let message: String
    public let path: String?

    public init(status: Int, code: String, message: String, path: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.path = path
    }

    static func badRequest(_ message: String, path: String? = nil) -> APIError {
        APIError(status: 400, code: "bad-request", message: message, path: path)
    }

    static let unauthorized = APIError(status: 401, code: "unauthorized",
                                       message: "this server needs 'Authorization: Bearer TOKEN' with its --token")

    static func notFound(_ message: String) -> APIError { APIError(status: 404, code: "not-found", message: message) }

    static func methodNotAllowed(_ method: String, _ path: String, allowed: [String]) -> APIError {
        APIError(status: 405, code: "method-not-allowed",
                 message: "\(method) is not allowed on \(path); allowed: \(allowed.joined(separator: ", "))")
    }

    static func conflict(_ message: String) -> APIError { APIError(status: 409, code: "conflict", message: message) }

    static func tooLarge(limit: Int) -> APIError {
        APIError(status: 413, code: "payload-too-large", message: "the body is over \(limit) bytes (1 MiB), the most a request may send")
    }

    /// `{"error": {"code", "message", "path"}}`; `path` only when a field is at fault.
    var json: JSONValue {
        var fields: [(String, JSONValue)] = [("code", .string(code)), ("message", .string(message))]
        if let path { fields.append(("path", .string(path))) }
        return .object([("error", .object(fields))])
    }
}
