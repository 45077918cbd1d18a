import HostBackup

/// A run that could not happen, as the exit code and message the commands end with.
extension RunError {
    /// Exit 2 for a scenario that cannot run, 3 for a machine that cannot run it.
    var commandExit: CommandExit {
        switch self {
        case .scenario(let error): .badInput(error.description)
        case .environment(let reason): .environment(reason)
        }
    }
}
