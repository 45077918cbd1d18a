/// msdb's backup history of one instance: the rows of `backupset` with their media device.
public final class MSDB {
    public private(set) var backupSets: [BackupSet] = []
    private let numbering: BackupSetNumbering

    public init(numbering: BackupSetNumbering) {
        self.numbering = numbering
    }

    /// Records a row, giving it the next backup_set_id.
    @discardableResult
    public func record(_ row: BackupSet) -> BackupSet {
        var row = row
        row.backupSetId = numbering.take()
        backupSets.append(row)
        return row
    }
}
