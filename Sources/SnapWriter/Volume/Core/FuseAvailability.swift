import CFuse

/// Whether this process can serve FUSE mounts here.
public enum FuseAvailability {
    public static var deviceUsable: Bool { CFuse_deviceUsable() != 0 }
}
