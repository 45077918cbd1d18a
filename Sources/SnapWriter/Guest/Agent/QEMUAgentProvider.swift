/// The QEMU guest agent's VSS provider, as its installer registers it in a Windows guest:
/// a software provider whose CommitSnapshots tells the agent the volumes are frozen and
/// waits for its thaw, making no shadow copy (its Query returns nothing): the snapshot is
/// the host's, taken of the disks while writes are held.
public enum QEMUAgentProvider {
    public static let name = "QEMU Guest Agent VSS Provider"
    public static let providerId = "{3629d4ed-ee09-4e0e-9a5c-6d8ba2872aef}"

    /// The COM class its installer registers (ProgID `QGAVSSProvider`).
    public static let classId = "{6E6A3492-8D4D-440C-9619-5E5D0CC31CA8}"

    /// A software provider whose version is the agent's own (`QGA_PROVIDER_VERSION`).
    public static func make(version: String = WindowsAgentBuild.current.version, random: SeededRandom) -> ShadowCopyProvider {
        ShadowCopyProvider(name: name, providerId: providerId, makesShadowCopies: false,
                           registration: .init(type: .software, version: version, classId: classId), random: random)
    }
}
