/// How a ``Network`` cuts its IPv4 range into subnets, worked out when the template is rendered.
///
/// The VPC block is split into 32 equal blocks (prefix length + 5: a /16 gives /21 blocks of
/// 2,048 addresses). Subnets take them in order, tier by tier and zone by zone: public subnets of
/// zones 1…n, then private, then isolated — block `tier × n + zone − 1`. For a /16 this is exactly
/// what `Fn::Cidr` with `3 × n` blocks of 11 host bits gave, so subnets made that way keep their
/// ranges. The template carries the literal ranges: they can be read in a diff, and every
/// CloudFormation implementation accepts them (local emulators lack `Fn::Cidr`). Changing the
/// number of zones moves the private and isolated ranges, which replaces those subnets: choose
/// the zones up front.
///
/// ```swift
/// let plan = try NetworkAddressPlan(vpc: "10.0.0.0/16", availabilityZones: 2)
/// plan.subnet(.isolated, zone: 1)   // "10.0.32.0/21"
/// ```
public struct NetworkAddressPlan: Sendable, Hashable {
    /// The subnet tiers, in the order their blocks are handed out.
    public enum Tier: Int, Sendable, Hashable, CaseIterable {
        case `public`, `private`, isolated

        /// `Public`, `Private`, `Isolated`: the tier's part of logical IDs.
        public var name: String {
            switch self {
            case .public: "Public"
            case .private: "Private"
            case .isolated: "Isolated"
            }
        }
    }

    /// The shortest VPC prefix AWS allows.
    public static let widestPrefix = 16
    /// The longest VPC prefix whose blocks still make subnets AWS allows (/28 at the smallest).
    public static let narrowestPrefix = 23
    /// Extra prefix bits per subnet: 32 blocks, room for 3 tiers in up to 6 zones with spares.
    static let subnetBits = 5

    public let vpcAddress: UInt32
    public let vpcPrefix: Int
    public let availabilityZones: Int

    /// Checks `vpc` (`a.b.c.d/p`, p from 16 to 23, no host bits set) and plans its subnets.
    public init(vpc: String, availabilityZones: Int) throws(NetworkAddressPlanError) {
        let parts = vpc.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let address = Self.parseAddress(parts[0]),
              let prefix = Int(parts[1]), String(prefix) == parts[1], (0...32).contains(prefix)
        else {
            throw NetworkAddressPlanError(
                code: .malformed, message: "'\(vpc)' is not an IPv4 CIDR block",
                hint: "write it as address/prefix, for example 10.0.0.0/16")
        }
        guard (Self.widestPrefix...Self.narrowestPrefix).contains(prefix) else {
            throw NetworkAddressPlanError(
                code: .prefixOutOfRange,
                message: "'\(vpc)' has a /\(prefix) prefix; a network needs /\(Self.widestPrefix) to /\(Self.narrowestPrefix)",
                hint: "AWS allows VPCs up to /16, and each of the 32 subnet blocks must be /28 or larger; 10.0.0.0/16 is the default")
        }
        let network = address & Self.mask(prefix)
        guard network == address else {
            throw NetworkAddressPlanError(
                code: .hostBitsSet, message: "'\(vpc)' has host bits set after the /\(prefix) prefix",
                hint: "use the block's first address: \(Self.format(network))/\(prefix)")
        }
        self.vpcAddress = address
        self.vpcPrefix = prefix
        self.availabilityZones = availabilityZones
    }

    /// The VPC block, normalised (`10.0.0.0/16`).
    public var vpc: String { "\(Self.format(vpcAddress))/\(vpcPrefix)" }

    /// The block of one subnet; `zone` counts from 1.
    public func subnet(_ tier: Tier, zone: Int) -> String {
        let prefix = vpcPrefix + Self.subnetBits
        let index = UInt32(tier.rawValue * availabilityZones + zone - 1)
        return "\(Self.format(vpcAddress + index << UInt32(32 - prefix)))/\(prefix)"
    }

    private static func mask(_ prefix: Int) -> UInt32 {
        prefix == 0 ? 0 : UInt32.max << UInt32(32 - prefix)
    }

    private static func parseAddress(_ text: Substring) -> UInt32? {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return nil }
        var address: UInt32 = 0
        for octet in octets {
            guard let value = UInt8(octet), String(value) == octet else { return nil }
            address = address << 8 | UInt32(value)
        }
        return address
    }

    private static func format(_ address: UInt32) -> String {
        [24, 16, 8, 0].map { String(address >> UInt32($0) & 0xFF) }.joined(separator: ".")
    }
}

/// Why a network's CIDR block cannot be used.
public struct NetworkAddressPlanError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        /// Not `a.b.c.d/p` with octets 0–255 and a prefix 0–32.
        case malformed
        /// A prefix outside /16…/23.
        case prefixOutOfRange
        /// Bits set after the prefix (`10.0.1.0/16`).
        case hostBitsSet
    }

    public var code: Code
    public var message: String
    /// How to fix it.
    public var hint: String

    public var description: String { "\(code.rawValue): \(message) (\(hint))" }
}
