import Foundation
import SnapWriter

/// Runs one vshadow command line against a machine: lists writer status or metadata, queries
/// shadow copies, or makes a shadow copy set as the SDK sample does (a VSS_BT_FULL backup
/// whose selected writers' status is checked after PrepareForBackup and DoSnapshotSet, the
/// `-exec` file run, then BackupComplete unless no writers took part).
public struct VshadowRunner {
    let arguments: VshadowArguments
    let machine: FaceMachine
    let runDirectory: String
    let output: (String) -> Void

    public init(arguments: VshadowArguments, world: FaceWorld, output: @escaping (String) -> Void) {
        self.arguments = arguments
        machine = world.machine
        runDirectory = world.runDirectory
        self.output = output
    }

    /// Refuses a writer to exclude that the machine does not have, and a missing `-exec` file,
    /// before anything runs.
    public func check() throws(VshadowArguments.Refusal) {
        for writer in arguments.excluded where machine.writer(named: writer) == nil {
            throw .init(argument: "-wx=\(writer)", message: "no such writer on \(machine.name); writers: "
                + machine.writerStatus.map { "\"\($0.name)\" \($0.writerId)" }.joined(separator: ", "))
        }
        if case .create(let volumes) = arguments.operation, let missing = volumes.first(where: { !machine.hasVolume($0) }) {
            throw .init(argument: missing, message: "no such volume on \(machine.name); volumes: "
                + machine.volumeNames.joined(separator: ", "))
        }
        if let exec = arguments.exec {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: exec, isDirectory: &isDirectory), !isDirectory.boolValue else {
                throw .init(argument: "-exec=\(exec)", message: "the parameter '\(exec)' must be an existing file")
            }
        }
    }

    /// Whether vshadow finished without an error (its exit code 0).
    public func run() -> Bool {
        VshadowText.banner.forEach(output)
        arguments.echoes.forEach(output)
        switch arguments.operation {
        case .usage:
            VshadowText.usage.forEach(output)
        case .writerStatus:
            gatheringMetadata()
            output(VshadowText.waiting)
            VshadowText.writerStatus(machine.writerStatus).forEach(output)
        case .writerMetadata(let detailed):
            gatheringMetadata()
            VshadowText.writerMetadata(machine.writerStatus, metadata: machine.metadata, machine: machine.name,
                                       detailed: detailed).forEach(output)
        case .query:
            output("- Setting the VSS context to: 0xffffffff")
            output("")
            output("Querying all shadow copies in the system ...")
            output("")
            machine.shadows.flatMap { VshadowText.shadow($0, machine: machine.name) }.forEach(output)
        case .create(let volumes):
            return create(volumes)
        }
        return true
    }

    private func gatheringMetadata() {
        output("(Gathering writer metadata...)")
        output(VshadowText.waiting)
        output("Initialize writer metadata ...")
    }

    private func create(_ volumes: [String]) -> Bool {
        output("- Setting the VSS context to: " + String(format: "0x%08x", arguments.contextValue))
        let request = ShadowSetRequest(
            attributes: ShadowAttributes(persistent: arguments.persistent, noWriters: arguments.noWriters),
            backupType: .full,
            excludedWriterIds: Set(arguments.excluded.compactMap { machine.writer(named: $0)?.writerId.lowercased() }),
            verified: arguments.included.map { ($0, machine.writer(named: $0)?.writerId) }, volumes: volumes)
        let backup = ShadowSetBackup(machine: machine, request: request)
        defer { backup.release() }
        do {
            try backup.create { progress in report(progress, backup) }
        } catch {
            reportFailure(error)
            backup.discardShadows()
            return false
        }
        output("")
        output("List of created shadow copies: ")
        output("")
        output("")
        output("Querying all shadow copies with the SnapshotSetID \(backup.setId ?? "") ...")
        output("")
        backup.made.flatMap { VshadowText.shadow($0, machine: machine.name) }.forEach(output)
        let withWriters = !arguments.noWriters
        if let exec = arguments.exec, !runExec(exec, backup) {
            if withWriters {
                output("- Backup failed. Mark all writers as not succesfully backed up... ")
                backup.discardShadows()
            }
            return false
        }
        if withWriters {
            output("- Mark all writers as succesfully backed up... ")
            output("Completing the backup (BackupComplete) ... ")
            output(VshadowText.waiting)
            let result = backup.complete()
            guard result.isSuccess else {
                output("ERROR: BackupComplete failed: \(WriterStatusBlock.code(result))")
                return false
            }
        }
        output("")
        output("Snapshot creation done.")
        return true
    }

    private func report(_ progress: ShadowSetProgress, _ backup: ShadowSetBackup) {
        switch progress {
        case .gatheringMetadata: gatheringMetadata()
        case .startedSet(let id):
            if !arguments.noWriters { selectComponents(backup) }
            output("Creating shadow set \(id) ...")
        case .addingVolume(let volume):
            output("- Adding volume \(FaceText.volumeDisplay(machine: machine.name, volume: volume)) to the shadow set...")
        case .preparingForBackup:
            output("Preparing for backup ... ")
            output(VshadowText.waiting)
        case .creating:
            output("Creating the shadow (DoSnapshotSet) ... ")
            output(VshadowText.waiting)
        case .created:
            output("Shadow copy set succesfully created.")
        }
    }

    /// The component selection vshadow reports before it starts the set.
    private func selectComponents(_ backup: ShadowSetBackup) {
        output("Discover directly excluded components ...")
        for writer in arguments.excluded { output("- Excluding writer '\(machine.writer(named: writer)?.name ?? writer)'") }
        output("Discover components that reside outside the shadow set ...")
        output("Discover all excluded components ...")
        output("Discover excluded writers ...")
        output("Discover explicitly included components ...")
        output("Verifying explicitly specified writers/components ...")
        output("Select explicitly included components ...")
        for writer in backup.participants {
            output(" * Writer '\(writer.name)':")
            for component in machine.metadata.byWriter[writer.name] ?? [] { output("   - Add component \(component.fullPath)") }
        }
    }

    private func reportFailure(_ failure: ShadowSetFailure) {
        switch failure {
        case .call(let error):
            output("")
            output("ERROR: COM call \"m_pVssObject->\(error.call)\" failed.")
            output("- Returned HRESULT = \(WriterStatusBlock.code(error.hresult))")
            output("- Error text: \(error.message)")
        case .notIncluded(let text):
            output("ERROR: Writer/Component '\(text)' is not included in the shadow copy set!")
        case .snapshotSet(let code):
            output("")
            output("ERROR: COM call \"m_pVssObject->DoSnapshotSet\" failed.")
            output("- Returned HRESULT = \(WriterStatusBlock.code(code))")
        case .writersFailed(let writers):
            for writer in writers { VshadowText.selectedWriterFailed(writer).forEach(output) }
        }
    }

    /// The `-exec` file, with the set's ids in its environment as vshadow's `-script` names
    /// them; false when it failed.
    private func runExec(_ exec: String, _ backup: ShadowSetBackup) -> Bool {
        var variables = ["SHADOW_SET_ID": backup.setId ?? ""]
        for (index, shadow) in backup.made.enumerated() {
            variables["SHADOW_ID_\(index + 1)"] = shadow.id
            variables["SHADOW_DEVICE_\(index + 1)"] = shadow.deviceName
        }
        output("Executing command '\(exec)' ...")
        output("-----------------------------------------------------")
        let status: Int32
        do {
            status = try ExecRunner(runDirectory: runDirectory, variables: variables).run(exec)
        } catch {
            output("ERROR: \(error.message)")
            return false
        }
        output("-----------------------------------------------------")
        guard status == 0 else {
            output("ERROR: Command line '\(exec)' failed!. Aborting the backup...")
            output("- Returned error code: \(status)")
            return false
        }
        return true
    }
}
