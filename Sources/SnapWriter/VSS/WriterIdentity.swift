/// Who a writer is: the name vssadmin prints, its class id, its application level and
/// how long it tolerates being frozen.
public struct WriterIdentity: Hashable, Sendable {
    public let name: String
    public let writerId: String
    public let level: ApplicationLevel
    /// Time from Freeze within which the writer must see Thaw; past it, it times out.
    public let freezeWindow: Duration
    /// Whether a failure that outlives its session (a timeout, an abandoned session) may
    /// keep this writer failed until its hosting service restarts. The Hyper-V writer only
    /// relays its guests' failures, so its state starts afresh with every host backup.
    public let failureCanStick: Bool

    public init(name: String, writerId: String, level: ApplicationLevel, freezeWindow: Duration = .seconds(60),
                failureCanStick: Bool = true) {
        self.name = name
        self.writerId = writerId
        self.level = level
        self.freezeWindow = freezeWindow
        self.failureCanStick = failureCanStick
    }

    public static let sqlServer = WriterIdentity(
        name: "SqlServerWriter", writerId: "{a65faa63-5ea8-4ebc-9dbd-a0c4db26912a}", level: .backEnd)
    public static let hyperV = WriterIdentity(
        name: "Microsoft Hyper-V VSS Writer", writerId: "{66841cd4-6ded-4f4b-8f17-fd23f8ddc3de}", level: .backEnd,
        failureCanStick: false)
    public static let system = WriterIdentity(
        name: "System Writer", writerId: "{e8132975-6f93-4464-a53e-1050253ae220}", level: .system)
    public static let registry = WriterIdentity(
        name: "Registry Writer", writerId: "{afbab4a2-367d-4d15-a586-71dbb18f8485}", level: .system)
    public static let asr = WriterIdentity(
        name: "ASR Writer", writerId: "{be000cbe-11fe-4426-9c58-531aa6355fc4}", level: .system)
    public static let wmi = WriterIdentity(
        name: "WMI Writer", writerId: "{a6ad56c2-b509-4e6c-bb19-49d8f43532f0}", level: .system)

    /// The writers every Windows machine runs besides its applications' writers.
    public static let systemWriters: [WriterIdentity] = [.system, .registry, .wmi, .asr]

    /// Every writer name a scenario's fault rule may target.
    public static let known: [WriterIdentity] = [.sqlServer, .hyperV] + systemWriters

    public static let softwareProviderId = "{b5946137-7b9f-4925-af80-51abd60b20d5}"
    public static let softwareProviderName = "Microsoft Software Shadow Copy provider 1.0"
}
