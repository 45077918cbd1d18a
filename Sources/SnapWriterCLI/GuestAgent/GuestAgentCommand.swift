import ArgumentParser

/// `snapwriter guest-agent`: the QEMU guest agent endpoint on its own, one file per subcommand.
struct GuestAgentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "guest-agent",
        abstract: "The QEMU guest agent (qemu-ga) protocol endpoint, standalone.",
        discussion: "Serves qemu-ga's wire protocol on a Unix socket, as a KVM host's chardev gives it, so "
            + "qemu.qmp, qemu-ga-client, socat or a host's own code can freeze and thaw SnapWriter volumes. "
            + "docs/guest-agent.md describes what is emulated.",
        subcommands: [GuestAgentServeCommand.self]
    )
}
