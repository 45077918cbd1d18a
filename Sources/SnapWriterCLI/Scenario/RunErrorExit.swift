import HostBackup

extension RunError {
    /// Exit 2 for a scenario that cannot run, 3 for a machine that cannot run it.
    var commandExit: CommandExit {
        switch self {
        case .scenario(let error): .badInput(error.description)
        case .environment(let reason): .environment(reason)
        }
    }
}
