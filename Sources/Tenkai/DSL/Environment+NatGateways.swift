import TenkaiCore

extension Environment {
    /// The NAT layout from `systems.<system>.settings.natGateways` (`single`, `perZone` or a
    /// number); without it, one per zone where the environment is multi-AZ and one otherwise.
    ///
    /// Every NAT gateway holds an Elastic IP and a region allows five by default, shared by all
    /// systems in the account (``ElasticIPQuota`` checks the sum at synth time).
    public func natGateways() -> Network.NatGateways {
        let fallback = multiAZ ? "perZone" : "single"
        let text = setting("natGateways", default: fallback)
        if let layout = Network.NatGateways(setting: text) { return layout }
        recorder.record(
            .error(
                "'systems.\(systemName).settings.natGateways' must be single, perZone or a number of gateways, not '\(text)'",
                location: config.systems[systemName]?.location))
        return Network.NatGateways(setting: fallback) ?? .single
    }
}
