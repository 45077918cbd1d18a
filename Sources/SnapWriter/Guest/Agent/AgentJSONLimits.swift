/// The streamer's limits against hostile input (`qobject/json-streamer.c`): bytes and tokens
/// per JSON text, and nesting depth. QEMU's values by default; tests may lower them.
struct AgentJSONLimits: Sendable {
    var tokenSize = 64 << 20
    var tokenCount = 2 << 20
    var nesting = 1 << 10

    static let qemu = AgentJSONLimits()
}
