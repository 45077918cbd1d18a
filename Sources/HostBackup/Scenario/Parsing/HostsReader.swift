import SnapWriter

/// Reads `hosts:`, a fleet's Hyper-V hosts, each with its backup type and its VMs (written
/// as the top-level `vms` list). Host names are unique, ignoring case as Windows does; VM
/// names are unique across the fleet.
enum HostsReader {
    static let hostKeys = ["name", "hypervisor", "backupType", "vms"]

    static func read(_ node: LocatedNode) throws(ScenarioError) -> (hosts: [HostSpec], vms: [VMSpec]) {
        let items = try node.list()
        guard !items.isEmpty else { throw node.error("at least one host is needed; found an empty list") }
        var hosts: [HostSpec] = []
        var vms: [VMSpec] = []
        for item in items {
            let fields = try item.mapping(allowed: hostKeys)
            let nameNode = try fields.required("name")
            var host = HostSpec()
            host.name = try nameNode.name(.host)
            if let earlier = hosts.firstIndex(where: { $0.name.lowercased() == host.name.lowercased() }) {
                throw nameNode.error("duplicate host name '\(host.name)' (hosts[\(earlier)] is '\(hosts[earlier].name)'); "
                    + "host names must be unique, ignoring case")
            }
            if vms.contains(where: { $0.name.lowercased() == host.name.lowercased() }) {
                throw nameNode.error("'\(host.name)' is already a VM's name; a host and a VM cannot share a computer name")
            }
            try ScenarioParser.readHypervisorAndBackupType(fields, into: &host)
            let own = try VMReader.read(fields.required("vms"), earlier: vms, hypervisor: host.hypervisor)
            if let clash = own.first(where: { $0.name.lowercased() == host.name.lowercased() })
                ?? own.first(where: { vm in hosts.contains { $0.name.lowercased() == vm.name.lowercased() } })
            {
                throw item.error("'\(clash.name)' is both a host's and a VM's name; a host and a VM cannot share a computer name")
            }
            host.vmNames = own.map(\.name)
            hosts.append(host)
            vms += own
        }
        return (hosts, vms)
    }
}
