extension Network.NatGateways: Decodable {
    /// `single`, `perZone` or a number of gateways (1 or more), as a system's settings write it
    /// (`natGateways: 2`); anything else is an error at its line.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let layout: Self?
        if let number = try? container.decode(Int.self) {
            layout = number >= 1 ? .count(number) : nil
        } else {
            layout = (try? container.decode(String.self)).flatMap(Self.init(setting:))
        }
        guard let layout else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "must be single, perZone or a number of gateways (1 or more)")
        }
        self = layout
    }
}
