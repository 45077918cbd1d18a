/// A requester call that failed: the HRESULT it returned, the call, and why.
public struct VSSError: Error, Equatable, CustomStringConvertible {
    public let hresult: HResult
    public let call: String
    public let message: String

    public init(_ hresult: HResult, call: String, _ message: String) {
        self.hresult = hresult
        self.call = call
        self.message = message
    }

    public var description: String { "\(call) returned \(hresult): \(message)" }
}
