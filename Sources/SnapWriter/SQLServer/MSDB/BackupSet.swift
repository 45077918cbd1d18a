/// One row of msdb's `backupset` (with its media row's device), by SQL Server's column names.
public struct BackupSet: Sendable, Equatable {
    /// backupset.type
    public enum Kind: String, Sendable, CaseIterable {
        case database = "D"
        case differential = "I"
        case log = "L"
        case file = "F"
        case fileDifferential = "G"
        case partial = "P"
        case partialDifferential = "Q"
    }

    /// backupmediafamily.device_type values SnapWriter writes.
    public enum DeviceType {
        public static let disk = 2
        public static let virtualDevice = 7
    }

    public var backupSetId: Int
    public var databaseName: String
    public var serverName: String?
    public var machineName: String?
    public var type: Kind
    public var isCopyOnly: Bool?
    public var isSnapshot: Bool?
    public var firstLsn: LSN
    public var lastLsn: LSN
    public var checkpointLsn: LSN?
    public var databaseBackupLsn: LSN?
    public var differentialBaseLsn: LSN?
    public var differentialBaseGuid: String?
    public var firstRecoveryForkGuid: String?
    public var lastRecoveryForkGuid: String?
    public var forkPointLsn: LSN?
    public var beginsLogChain: Bool?
    public var backupStartDate: String?
    public var backupFinishDate: String?
    public var deviceType: Int?
    public var physicalDeviceName: String?
    public var databaseGuid: String?
    public var familyGuid: String?
    public var recoveryModel: String?

    public init(
        backupSetId: Int, databaseName: String, type: Kind, firstLsn: LSN, lastLsn: LSN,
        serverName: String? = nil, machineName: String? = nil, isCopyOnly: Bool? = nil,
        isSnapshot: Bool? = nil, checkpointLsn: LSN? = nil, databaseBackupLsn: LSN? = nil,
        differentialBaseLsn: LSN? = nil, differentialBaseGuid: String? = nil,
        firstRecoveryForkGuid: String? = nil, lastRecoveryForkGuid: String? = nil,
        forkPointLsn: LSN? = nil, beginsLogChain: Bool? = nil, backupStartDate: String? = nil,
        backupFinishDate: String? = nil, deviceType: Int? = nil, physicalDeviceName: String? = nil,
        databaseGuid: String? = nil, familyGuid: String? = nil, recoveryModel: String? = nil
    ) {
        self.backupSetId = backupSetId
        self.databaseName = databaseName
        self.type = type
        self.firstLsn = firstLsn
        self.lastLsn = lastLsn
        self.serverName = serverName
        self.machineName = machineName
        self.isCopyOnly = isCopyOnly
        self.isSnapshot = isSnapshot
        self.checkpointLsn = checkpointLsn
        self.databaseBackupLsn = databaseBackupLsn
        self.differentialBaseLsn = differentialBaseLsn
        self.differentialBaseGuid = differentialBaseGuid
        self.firstRecoveryForkGuid = firstRecoveryForkGuid
        self.lastRecoveryForkGuid = lastRecoveryForkGuid
        self.forkPointLsn = forkPointLsn
        self.beginsLogChain = beginsLogChain
        self.backupStartDate = backupStartDate
        self.backupFinishDate = backupFinishDate
        self.deviceType = deviceType
        self.physicalDeviceName = physicalDeviceName
        self.databaseGuid = databaseGuid
        self.familyGuid = familyGuid
        self.recoveryModel = recoveryModel
    }

    /// The backupset object of the interface: msdb's column names, LSNs as numeric strings.
    public var json: JSONValue {
        func lsn(_ value: LSN?) -> JSONValue { value.map { .string($0.numeric) } ?? .null }
        return .object([
            ("backup_set_id", .int(backupSetId)),
            ("database_name", .string(databaseName)),
            ("server_name", .optional(serverName)),
            ("machine_name", .optional(machineName)),
            ("type", .string(type.rawValue)),
            ("is_copy_only", .optional(isCopyOnly)),
            ("is_snapshot", .optional(isSnapshot)),
            ("first_lsn", lsn(firstLsn)),
            ("last_lsn", lsn(lastLsn)),
            ("checkpoint_lsn", lsn(checkpointLsn)),
            ("database_backup_lsn", lsn(databaseBackupLsn)),
            ("differential_base_lsn", lsn(differentialBaseLsn)),
            ("differential_base_guid", .optional(differentialBaseGuid)),
            ("first_recovery_fork_guid", .optional(firstRecoveryForkGuid)),
            ("last_recovery_fork_guid", .optional(lastRecoveryForkGuid)),
            ("fork_point_lsn", lsn(forkPointLsn)),
            ("begins_log_chain", .optional(beginsLogChain)),
            ("backup_start_date", .optional(backupStartDate)),
            ("backup_finish_date", .optional(backupFinishDate)),
            ("device_type", .optional(deviceType)),
            ("physical_device_name", .optional(physicalDeviceName)),
            ("database_guid", .optional(databaseGuid)),
            ("family_guid", .optional(familyGuid)),
            ("recovery_model", .optional(recoveryModel)),
        ])
    }
}
