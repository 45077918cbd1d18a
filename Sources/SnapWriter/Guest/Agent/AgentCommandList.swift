/// qemu-ga 10.2's commands in the order `qga/qapi-schema.json` defines (and QEMU registers)
/// them, with the build conditions of a typical Linux distribution build (udev, getifaddrs,
/// utmpx, getloadavg and FITRIM present) and of the Windows build. `guest-info` lists them
/// in reverse, as qemu-ga's `QAPI_LIST_PREPEND` does.
enum AgentCommandList {
    static func commands(for platform: GuestAgentPlatform) -> [AgentCommand] {
        all.filter { $0.platforms.contains(platform) }
    }

    private static let both: Set<GuestAgentPlatform> = [.linux, .windows]
    private static let linux: Set<GuestAgentPlatform> = [.linux]
    private static let windows: Set<GuestAgentPlatform> = [.windows]

    private static func command(_ name: String, _ parameters: [AgentParameter] = [], successResponse: Bool = true,
                                on platforms: Set<GuestAgentPlatform> = both,
                                does behaviour: AgentCommand.Behaviour = .notEmulated) -> AgentCommand {
        AgentCommand(name: name, parameters: parameters, successResponse: successResponse, platforms: platforms,
                     behaviour: behaviour)
    }

    private static let all: [AgentCommand] = [
        command("guest-sync-delimited", [.required("id", .integer)], does: .syncDelimited),
        command("guest-sync", [.required("id", .integer)], does: .sync),
        command("guest-ping", does: .ping),
        command("guest-get-time", does: .getTime),
        command("guest-set-time", [.optional("time", .integer)]),
        command("guest-info", does: .info),
        command("guest-shutdown", [.optional("mode", .string)], successResponse: false),
        command("guest-file-open", [.required("path", .string), .optional("mode", .string)]),
        command("guest-file-close", [.required("handle", .integer)]),
        command("guest-file-read", [.required("handle", .integer), .optional("count", .integer)]),
        command("guest-file-write", [.required("handle", .integer), .required("buf-b64", .string), .optional("count", .integer)]),
        command("guest-file-seek", [.required("handle", .integer), .required("offset", .integer), .required("whence", .opaque)]),
        command("guest-file-flush", [.required("handle", .integer)]),
        command("guest-fsfreeze-status", does: .fsfreezeStatus),
        command("guest-fsfreeze-freeze", does: .fsfreezeFreeze),
        command("guest-fsfreeze-freeze-list", [.optional("mountpoints", .stringList)], does: .fsfreezeFreezeList),
        command("guest-fsfreeze-thaw", does: .fsfreezeThaw),
        command("guest-fstrim", [.optional("minimum", .integer)]),
        command("guest-suspend-disk", successResponse: false),
        command("guest-suspend-ram", successResponse: false),
        command("guest-suspend-hybrid", successResponse: false, on: linux),
        command("guest-network-get-interfaces"),
        command("guest-get-vcpus"),
        command("guest-set-vcpus", [.required("vcpus", .opaque)], on: linux),
        command("guest-get-disks"),
        command("guest-get-fsinfo"),
        command("guest-set-user-password",
                [.required("username", .string), .required("password", .string), .required("crypted", .boolean)]),
        command("guest-get-memory-blocks", on: linux),
        command("guest-set-memory-blocks", [.required("mem-blks", .opaque)], on: linux),
        command("guest-get-memory-block-info", on: linux),
        command("guest-exec-status", [.required("pid", .integer)]),
        command("guest-exec", [.required("path", .string), .optional("arg", .stringList), .optional("env", .stringList),
                               .optional("input-data", .string), .optional("capture-output", .opaque)]),
        command("guest-get-host-name"),
        command("guest-get-users"),
        command("guest-get-timezone"),
        command("guest-get-osinfo"),
        command("guest-get-devices", on: windows),
        command("guest-ssh-get-authorized-keys", [.required("username", .string)]),
        command("guest-ssh-add-authorized-keys",
                [.required("username", .string), .required("keys", .stringList), .optional("reset", .boolean)]),
        command("guest-ssh-remove-authorized-keys", [.required("username", .string), .required("keys", .stringList)]),
        command("guest-get-diskstats", on: linux),
        command("guest-get-cpustats", on: linux),
        command("guest-get-load"),
        command("guest-network-get-route", on: linux),
    ]
}
