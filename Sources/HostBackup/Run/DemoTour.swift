import SnapWriter

/// The built-in tour: one three-VM host backed up under three SQL Server 2012 builds.
/// VM1 is the availability group's primary, VM2 a file server with only system writers,
/// VM3 the secondary.
public enum DemoTour {
    public static let scenarioYAML = """
        name: three-vms
        seed: 2012
        host:
          name: HV01
          backupType: full
        vms:
          - name: VM1
            sql:
              version: 2012-SP1
              databases:
                - name: Sales
                - name: Inventory
          - name: VM2
          - name: VM3
            sql:
              version: 2012-SP1
              databases:
                - name: Sales
        availabilityGroups:
          - name: AG1
            databases: [Sales]
            replicas:
              - vm: VM1
                role: primary
              - vm: VM3
                role: secondary
        steps:
          - hostBackup: {}

        """

    /// SP1 fails; SP2 still fails on a case-sensitive collation; SP2 CU2 succeeds with the
    /// secondary's database backed up copy-only.
    public static let variants: [VersionComparison.Variant] = [
        .init(version: .v2012SP1),
        .init(version: .v2012SP2, collation: Collation("Latin1_General_CS_AS")),
        .init(version: .v2012SP2CU2),
    ]

    public static func scenario() throws(ScenarioError) -> Scenario {
        try ScenarioParser.parse(scenarioYAML, file: "demo:three-vms.yaml")
    }
}
