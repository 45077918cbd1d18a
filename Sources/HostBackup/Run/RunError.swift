/// Why a run could not start: the scenario (exit 2) or the machine (exit 3).
public enum RunError: Error, CustomStringConvertible {
    case scenario(ScenarioError)
    case environment(String)

    public var description: String {
        switch self {
        case .scenario(let error): error.description
        case .environment(let reason): reason
        }
    }
}
