/// A volume operation that failed: which volume, and what the operating system or the store said.
public struct VolumeError: Error, Equatable, CustomStringConvertible {
    public let volume: String
    public let message: String

    public init(volume: String, message: String) {
        self.volume = volume
        self.message = message
    }

    public var description: String { "volume \(volume): \(message)" }
}
