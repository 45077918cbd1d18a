/// One token of QEMU's JSON lexer, as the streamer queues it for the parser.
struct AgentJSONToken {
    enum Kind: Equatable {
        case leftCurly, rightCurly, leftSquare, rightSquare, colon, comma
        case integer, float, keyword, string
    }

    let kind: Kind
    /// The token's bytes as they arrived (a string keeps its quotes and escapes).
    let text: [UInt8]
}
