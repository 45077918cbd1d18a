import ArgumentParser
import SnapWriter

/// `snapwriter lsn`: one LSN in all three of its spellings.
struct LSNCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lsn",
        abstract: "Converts an LSN between its hex, colon-decimal and numeric spellings.",
        discussion: """
            Accepts 00000028:00000090:0001 (optionally with 0x), 40:144:1 or 40000000014400001 \
            and prints all three.
            """
    )

    @Argument(help: "The LSN in any of its three spellings.")
    var value: String

    func run() throws {
        guard let lsn = LSN(parsing: value) else {
            throw CommandExit.badInput(
                "lsn: '\(value)' is not an LSN; allowed: hex 00000028:00000090:0001 (optional 0x), "
                    + "colon decimal 40:144:1, or numeric 40000000014400001")
        }
        Output.print("hex:      \(lsn.hex)")
        Output.print("decimal:  \(lsn.colonDecimal)")
        Output.print("numeric:  \(lsn.numeric)")
    }
}
