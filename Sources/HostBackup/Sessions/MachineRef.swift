/// The machine whose VSS service a requester session talks to: the Hyper-V host, or the
/// guest inside one VM.
public enum MachineRef: Hashable, Sendable, CustomStringConvertible {
    case host(String)
    case vm(String)

    public var description: String {
        switch self {
        case .host(let name): "host \(name)"
        case .vm(let name): "VM \(name)"
        }
    }
}
