/// A scenario's `expect:` block, in the order it was written. Every field is optional:
/// only what is written is checked.
public struct Expectations: Sendable {
    public var result: String?
    public var hresult: String?
    public var vms: [VMExpectation] = []
    public var steps: [StepExpectation] = []
    /// `jobs:` of a fleet, by job name, in the order written.
    public var jobs: [JobExpectation] = []

    public init() {}
}

/// What one scheduled job's runs should have done: those on `day` (every day when absent),
/// due at `time`, of `host` (a host backup job without a host runs once per host) or on `vm`
/// (a backup job without a VM runs once per replica).
public struct JobExpectation: Sendable {
    public var job: String
    public var day: Int?
    public var time: String?
    public var host: String?
    public var vm: String?
    /// A host backup's `succeeded` or `failed`.
    public var result: String?
    public var hresult: String?
    public var ok: Bool?
    public var skipped: Bool?
    public var msg: Int?

    public init(job: String) {
        self.job = job
    }
}

public struct VMExpectation: Sendable {
    public var vm: String
    public var method: String?
    public var result: String?
    public var writers: [WriterExpectation] = []
    public var databases: [DatabaseExpectation] = []
    /// `image.consistency`: an `ImageConsistency` name, or `none` for no image kept.
    public var imageConsistency: String?
    /// How a KVM host's `guest-fsfreeze-freeze` and `guest-fsfreeze-thaw` ended (`returned`,
    /// `error`, `timed-out`, `not-called`), and the thaw's error text.
    public var agentFreeze: String?
    public var agentThaw: String?
    public var agentThawError: String?

    public init(vm: String) {
        self.vm = vm
    }
}

public struct WriterExpectation: Sendable {
    public var writer: String
    /// A VSS_WS_* name.
    public var state: String?
    /// A VSS_E_WRITERERROR_* name, or S_OK.
    public var lastError: String?

    public init(writer: String) {
        self.writer = writer
    }
}

public struct DatabaseExpectation: Sendable {
    public var database: String
    public var backedUp: Bool?
    public var isCopyOnly: Bool?
    /// Whether the image's verifier found the database frozen by the SQL writer.
    public var quiesced: Bool?

    public init(database: String) {
        self.database = database
    }
}

public struct StepExpectation: Sendable {
    /// The step's index in `steps:`, from 0.
    public var index: Int
    public var msg: Int?
    public var ok: Bool?
    public var skipped: Bool?

    public init(index: Int) {
        self.index = index
    }
}
