/// QEMU's JSON message parser (`qobject/json-streamer.c`): queues tokens until braces and
/// brackets balance (or go negative), then parses them as one JSON text. A lexical error
/// or a limit throws away what was queued. It lives as long as the agent, not a client
/// connection, so a partial text left by one client is continued by the next.
struct AgentJSONStreamer {
    /// A complete JSON text, or the error QEMU reports for it (never with an `id`).
    typealias Message = Result<AgentValue, AgentError>

    private var lexer: AgentJSONLexer
    private let limits: AgentJSONLimits
    private var tokens: [AgentJSONToken] = []
    private var tokenSize = 0
    private var braces = 0
    private var brackets = 0

    init(limits: AgentJSONLimits = .qemu) {
        self.limits = limits
        lexer = AgentJSONLexer(maxTokenSize: limits.tokenSize)
    }

    /// Feeds bytes in any chunking; `emit` receives each complete message in order.
    mutating func feed(_ bytes: [UInt8], _ emit: (Message) -> Void) {
        var events: [AgentJSONLexer.Event] = []
        for byte in bytes {
            lexer.feed(byte) { events.append($0) }
            for event in events { process(event, emit) }
            events.removeAll(keepingCapacity: true)
        }
    }

    private mutating func process(_ event: AgentJSONLexer.Event, _ emit: (Message) -> Void) {
        let token: AgentJSONToken
        switch event {
        case .stray(let text):
            // `%s` stops at a NUL byte, as C does.
            let shown = text.prefix { $0 != 0 }
            finish(.failure(AgentError(.genericError, Array("JSON parse error, stray '".utf8) + shown + [0x27])), emit)
            return
        case .oversized:
            finish(.failure(AgentError(.genericError, "JSON token size limit exceeded")), emit)
            return
        case .token(let next):
            token = next
        }
        switch token.kind {
        case .leftCurly: braces += 1
        case .rightCurly: braces -= 1
        case .leftSquare: brackets += 1
        case .rightSquare: brackets -= 1
        default: break
        }
        if tokenSize + token.text.count + 1 > limits.tokenSize {
            return finish(.failure(AgentError(.genericError, "JSON token size limit exceeded")), emit)
        }
        if tokens.count + 1 > limits.tokenCount {
            return finish(.failure(AgentError(.genericError, "JSON token count limit exceeded")), emit)
        }
        if braces + brackets > limits.nesting {
            return finish(.failure(AgentError(.genericError, "JSON nesting depth limit exceeded")), emit)
        }
        tokens.append(token)
        tokenSize += token.text.count
        if (braces > 0 || brackets > 0) && braces >= 0 && brackets >= 0 { return }
        let parsed: Message
        do {
            var parser = AgentJSONParser(tokens: tokens)
            parsed = .success(try parser.parseValue())
        } catch {
            parsed = .failure(error)
        }
        finish(parsed, emit)
    }

    private mutating func finish(_ message: Message, _ emit: (Message) -> Void) {
        braces = 0
        brackets = 0
        tokens.removeAll(keepingCapacity: tokens.count < 4096)
        tokenSize = 0
        emit(message)
    }
}
