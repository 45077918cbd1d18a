import SnapWriter

extension WorldState {
    /// Takes the world's state as values, once its run has ended. `audit` adds the checks
    /// that read every database's files.
    init(taking world: World, audit: RunAudit) {
        let engine = world.engine
        let vms = world.vms.map { vm in
            VMState(name: vm.name, backupMethod: vm.backupMethod, isPoweredOff: vm.vss.isPoweredOff,
                    writers: vm.vss.writerStatus, allWriters: vm.vss.allWriterStatus,
                    transitions: vm.vss.transitions,
                    sql: vm.guest.sqlInstance.map { Self.instanceState($0, of: vm, engine: engine, audit: audit) })
        }
        let hosts = world.hosts.map { host in
            HostState(name: host.name, writers: host.vss.writerStatus, transitions: host.vss.transitions)
        }
        self.init(volumes: world.volumes.kind, hosts: hosts, vms: vms, recoveryPoints: Self.recoveryPoints(engine),
                  history: world.instances.values.flatMap(\.msdb.backupSets).sorted { $0.backupSetId < $1.backupSetId },
                  events: world.log.events)
    }

    private static func instanceState(_ instance: SQLInstance, of vm: GuestVM, engine: SQLEngine, audit: RunAudit)
        -> InstanceState
    {
        // A machine that stopped lost only writes it was never told were done: nothing to audit.
        let auditWrites = audit.contains(.acknowledgedWrites) && !vm.vss.isPoweredOff
        if auditWrites { vm.guest.dataVolume.faults.disarm() }
        let databases = instance.databases.map { database in
            DatabaseEndState(
                name: database.name, availabilityGroup: instance.availabilityGroup(of: database.name)?.name,
                role: instance.role(of: database.name),
                isPreferredBackupReplica: instance.isPreferredBackupReplica(database.name),
                recoveryModel: database.log.recoveryModel, state: database.state,
                replica: engine.replicaState(of: database.name, on: instance.serverName),
                achievedRecovery: engine.achievedRecoveryPoint(of: database),
                // A SUSPECT database's last write failed: what it lacks was never acknowledged.
                missingAcknowledgedWrites: auditWrites && database.state == .online
                    ? database.files?.missingAcknowledgedWrites() ?? [] : nil)
        }
        return InstanceState(serverName: instance.serverName, version: instance.version, collation: instance.collation,
                             errorLog: instance.errorLog, databases: databases)
    }

    /// One entry per database (an availability group database once), in VM order.
    private static func recoveryPoints(_ engine: SQLEngine) -> [RecoveryPoint] {
        var seen = Set<String>()
        var points: [RecoveryPoint] = []
        for instance in engine.instances {
            for database in instance.databases where seen.insert(database.log.databaseGuid).inserted {
                let servers = engine.instances.filter { $0.database(named: database.name)?.log === database.log }
                points.append(RecoveryPoint(database: database.name, servers: servers.map(\.serverName),
                                            databaseGuid: database.log.databaseGuid,
                                            achieved: engine.achievedRecoveryPoint(of: database),
                                            endOfLog: database.log.endOfLog))
            }
        }
        return points
    }
}
