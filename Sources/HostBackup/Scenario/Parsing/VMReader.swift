import SnapWriter

/// Reads `vms:`: each VM, its SQL Server instance and that instance's databases.
enum VMReader {
    static let vmKeys = ["name", "state", "backupIntegrationService", "os", "guestAgent", "sql"]
    static let sqlKeys = ["version", "edition", "collation", "databases"]
    static let databaseKeys = ["name", "recoveryModel", "sizeMiB"]

    /// `earlier`: the VMs of the hosts read before, on a fleet, whose names are taken too.
    static func read(_ node: LocatedNode, earlier: [VMSpec] = [], hypervisor: Hypervisor = .hyperV)
        throws(ScenarioError) -> [VMSpec] {
        let items = try node.list()
        guard !items.isEmpty else { throw node.error("at least one VM is needed; found an empty list") }
        var vms: [VMSpec] = []
        for item in items {
            let fields = try item.mapping(allowed: vmKeys)
            let nameNode = try fields.required("name")
            let name = try nameNode.name(.vm)
            // Windows computer names ignore case, so VM1 and vm1 would be one machine.
            if let earlier = vms.firstIndex(where: { $0.name.lowercased() == name.lowercased() }) {
                throw nameNode.error("duplicate VM name '\(name)' (vms[\(earlier)] is '\(vms[earlier].name)'); "
                    + "VM names must be unique, ignoring case")
            }
            if let other = earlier.first(where: { $0.name.lowercased() == name.lowercased() }) {
                throw nameNode.error("duplicate VM name '\(name)' ('\(other.name)' runs on an earlier host); "
                    + "VM names are unique across the fleet, ignoring case")
            }
            var vm = VMSpec(name: name)
            if let state = fields["state"] { vm.state = try state.choice(VMSpec.PowerState.self) }
            try readGuest(fields, hypervisor: hypervisor, into: &vm)
            if let sql = fields["sql"] { vm.sql = try readInstance(sql) }
            vms.append(vm)
        }
        return vms
    }

    /// What runs in the VM and what reaches it: `os`, the Hyper-V integration service or the
    /// KVM guest agent, each only where it exists (SQL Server only on Windows).
    private static func readGuest(_ fields: LocatedMapping, hypervisor: Hypervisor, into vm: inout VMSpec)
        throws(ScenarioError) {
        func entry(_ key: String) -> LocatedMapping.Entry? { fields.entries.first { $0.key == key } }
        if let os = fields["os"] { vm.os = try os.choice(GuestOS.self) }
        if vm.os == .linux, hypervisor == .hyperV, let os = fields["os"] {
            throw os.error("linux guests are modelled on kvm hosts only; this host runs hyper-v "
                + "(set the host's hypervisor: kvm)")
        }
        if vm.os == .linux, let sql = entry("sql") {
            throw fields.keyError(sql, "SQL Server runs only on windows guests; \(vm.name) runs linux")
        }
        if let service = entry("backupIntegrationService") {
            guard hypervisor == .hyperV else {
                throw fields.keyError(service, "backupIntegrationService is Hyper-V's; on a kvm host the guest is "
                    + "reached through its guestAgent")
            }
            vm.backupIntegrationService = try service.value.bool()
        }
        if let agent = entry("guestAgent") {
            guard hypervisor == .kvm else {
                throw fields.keyError(agent, "guestAgent is the QEMU guest agent of a kvm host; this host runs "
                    + "hyper-v, whose guests are reached through backupIntegrationService")
            }
            vm.guestAgent = try GuestAgentReader.read(agent.value, os: vm.os)
        }
    }

    private static func readInstance(_ node: LocatedNode) throws(ScenarioError) -> SQLInstanceSpec {
        let fields = try node.mapping(allowed: sqlKeys)
        let version = try fields.required("version", allowed: SQLVersion.allCases.map(\.rawValue))
        var instance = SQLInstanceSpec(version: try version.choice(SQLVersion.self))
        if let edition = fields["edition"] { instance.edition = try edition.choice(SQLEdition.self) }
        if let collation = fields["collation"] { instance.collation = try readCollation(collation) }
        if let databases = fields["databases"] {
            instance.databases = try readDatabases(databases, collation: instance.collation)
        }
        return instance
    }

    /// Also read by the `patchSql` step's `collation`.
    static func readCollation(_ node: LocatedNode) throws(ScenarioError) -> Collation {
        let name = try node.text()
        let allowed = name.unicodeScalars.allSatisfy {
            ($0.properties.isAlphabetic && $0.isASCII) || ("0"..."9").contains($0) || $0 == "_"
        }
        guard allowed else {
            throw node.error("'\(name)' is not a collation name; allowed: letters, digits and underscores, "
                + "e.g. \(Collation.serverDefault.name)")
        }
        return Collation(name)
    }

    private static func readDatabases(_ node: LocatedNode, collation: Collation) throws(ScenarioError) -> [DatabaseSpec] {
        var databases: [DatabaseSpec] = []
        for item in try node.list() {
            let fields = try item.mapping(allowed: databaseKeys)
            let nameNode = try fields.required("name")
            let name = try nameNode.name(.database)
            // Database names are unique under the instance's collation: Sales and sales clash
            // unless the collation is case-sensitive.
            let same: (String) -> Bool = collation.isCaseSensitive ? { $0 == name } : { $0.lowercased() == name.lowercased() }
            if let earlier = databases.firstIndex(where: { same($0.name) }) {
                throw nameNode.error("duplicate database name '\(name)' (databases[\(earlier)] is "
                    + "'\(databases[earlier].name)' under collation \(collation.name)); database names must be unique")
            }
            var database = DatabaseSpec(name: name)
            if let model = fields["recoveryModel"] { database.recoveryModel = try model.choice(RecoveryModel.self) }
            if let size = fields["sizeMiB"] { database.sizeMiB = try size.integer(in: 1...Int.max) }
            databases.append(database)
        }
        return databases
    }
}
