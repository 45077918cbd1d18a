import ArgumentParser

/// `snapwriter volume`: the group of volume subcommands, one file each in this folder.
struct VolumeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "volume",
        abstract: "Quiescable volumes on FUSE: create, mount, freeze and thaw, snapshot, expose.",
        discussion: """
            A volume is a directory: its live files, its snapshots' copied blocks and volume.json. \
            Mounted, any program can use it; 'freeze' holds every write (reads go on) until 'thaw'; \
            'snapshot' takes a copy-on-write point-in-time snapshot; 'expose' mounts one read-only.
            """,
        subcommands: [
            VolumeCreateCommand.self, VolumeMountCommand.self, VolumeFreezeCommand.self, VolumeThawCommand.self,
            VolumeSnapshotCommand.self, VolumeExposeCommand.self, VolumeListCommand.self, VolumeDeleteCommand.self,
            VolumeUnmountCommand.self, VolumeFaultCommand.self,
        ]
    )
}
