/// QEMU's JSON lexer (`qobject/json-lexer.c`) byte for byte: RFC 8259 tokens plus
/// single-quoted strings and `\'`; any byte it cannot place is a lexical error carrying the
/// token so far, after which it skips input until a structural character, a control
/// character other than tab, or the impossible bytes 0xFE/0xFF, which is how a client's
/// leading 0xFF resynchronises it. It needs no newline: a token ends by what follows it.
struct AgentJSONLexer {
    /// What the lexer hands on: a token, a stray byte sequence, or a token past the size limit.
    enum Event {
        case token(AgentJSONToken)
        case stray([UInt8])
        case oversized
    }

    private enum State {
        case recovery, dqString, dqEscape, sqString, sqEscape
        case zero, expDigits, expSign, expE, mantissa, mantissaDigits, digits, sign, keyword
        case start
    }

    private enum Next {
        case go(State)
        case emit(AgentJSONToken.Kind)
        case error
    }

    private var state = State.start
    private var token: [UInt8] = []
    private let maxTokenSize: Int

    init(maxTokenSize: Int) {
        self.maxTokenSize = maxTokenSize
    }

    /// Feeds one byte; `deliver` receives every event it completes, in order.
    mutating func feed(_ byte: UInt8, _ deliver: (Event) -> Void) {
        var consumed = false
        while !consumed {
            let (next, lookahead) = transition(state, byte)
            consumed = !lookahead
            if consumed { token.append(byte) }
            switch next {
            case .emit(let kind):
                deliver(.token(AgentJSONToken(kind: kind, text: token)))
                token.removeAll(keepingCapacity: true)
                state = .start
            case .go(.start):
                token.removeAll(keepingCapacity: true)
                state = .start
            case .error:
                deliver(.stray(token))
                token.removeAll(keepingCapacity: true)
                state = .recovery
            case .go(.recovery):
                token.removeAll(keepingCapacity: true)
                state = .recovery
            case .go(let other):
                state = other
            }
        }
        // A single token may not grow without bound (QEMU's MAX_TOKEN_SIZE).
        if token.count > maxTokenSize {
            deliver(.oversized)
            token.removeAll()
            state = .start
        }
    }

    /// QEMU's transition table; the Bool is true when the byte is only looked at (the
    /// token before it is complete) and must be fed again in the new state.
    private func transition(_ state: State, _ byte: UInt8) -> (Next, Bool) {
        let digit = byte >= 0x30 && byte <= 0x39
        switch state {
        case .recovery:
            switch byte {
            case 0x09: return (.go(.recovery), false)
            case 0x00...0x1F, 0xFE, 0xFF, 0x5B, 0x5D, 0x7B, 0x7D, 0x3A, 0x2C: return (.go(.start), true)  // [ ] { } : ,
            default: return (.go(.recovery), false)
            }
        case .dqEscape: return byte >= 0x20 && byte <= 0xFD ? (.go(.dqString), false) : (.error, false)
        case .sqEscape: return byte >= 0x20 && byte <= 0xFD ? (.go(.sqString), false) : (.error, false)
        case .dqString, .sqString:
            let double = state == .dqString
            if byte == 0x5C { return (.go(double ? .dqEscape : .sqEscape), false) }
            if byte == (double ? 0x22 : 0x27) { return (.emit(.string), false) }
            return byte >= 0x20 && byte <= 0xFD ? (.go(state), false) : (.error, false)
        case .zero:
            if digit { return (.error, false) }
            if byte == 0x2E { return (.go(.mantissa), false) }
            return (.emit(.integer), true)
        case .expDigits:
            return digit ? (.go(.expDigits), false) : (.emit(.float), true)
        case .expSign:
            return digit ? (.go(.expDigits), false) : (.error, false)
        case .expE:
            if byte == 0x2D || byte == 0x2B { return (.go(.expSign), false) }
            return digit ? (.go(.expDigits), false) : (.error, false)
        case .mantissaDigits:
            if digit { return (.go(.mantissaDigits), false) }
            if byte == 0x65 || byte == 0x45 { return (.go(.expE), false) }
            return (.emit(.float), true)
        case .mantissa:
            return digit ? (.go(.mantissaDigits), false) : (.error, false)
        case .digits:
            if digit { return (.go(.digits), false) }
            if byte == 0x65 || byte == 0x45 { return (.go(.expE), false) }
            if byte == 0x2E { return (.go(.mantissa), false) }
            return (.emit(.integer), true)
        case .sign:
            if byte == 0x30 { return (.go(.zero), false) }
            return digit ? (.go(.digits), false) : (.error, false)
        case .keyword:
            return byte >= 0x61 && byte <= 0x7A ? (.go(.keyword), false) : (.emit(.keyword), true)
        case .start:
            switch byte {
            case 0x22: return (.go(.dqString), false)  // "
            case 0x27: return (.go(.sqString), false)  // '
            case 0x30: return (.go(.zero), false)
            case 0x31...0x39: return (.go(.digits), false)
            case 0x2D: return (.go(.sign), false)  // -
            case 0x7B: return (.emit(.leftCurly), false)
            case 0x7D: return (.emit(.rightCurly), false)
            case 0x5B: return (.emit(.leftSquare), false)
            case 0x5D: return (.emit(.rightSquare), false)
            case 0x2C: return (.emit(.comma), false)
            case 0x3A: return (.emit(.colon), false)
            case 0x61...0x7A: return (.go(.keyword), false)  // a-z
            case 0x20, 0x09, 0x0D, 0x0A: return (.go(.start), false)
            default: return (.error, false)
            }
        }
    }
}
