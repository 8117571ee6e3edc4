import FoundationEssentials
import Tenkai
import TenkaiCore
import TenkaiCost

/// What `tenkai cost` estimates from: the assemblies of one environment (read from a folder, or
/// synthesized in memory from the Swift sources) and the price sheet of each region.
struct CostInputs {
    var systems: [String]
    var environmentsFolder: String
    var pricesFile: String?
    private var sheets: [String: PriceSheet] = [:]

    init(systems: [String], environmentsFolder: String, pricesFile: String?) {
        self.systems = systems
        self.environmentsFolder = environmentsFolder
        self.pricesFile = pricesFile
    }

    /// The assemblies of `environment` under `folder`, or synthesized now when `folder` is nil.
    func assemblies(environment: String, from folder: String?) throws(TenkaiError) -> [CloudAssembly] {
        if let folder {
            return try CloudAssembly.readAll(root: URL(fileURLWithPath: folder), environment: environment, systems: systems)
        }
        let syntheses = try Project.load(systems: SystemCatalog.systems, environmentsFolder: URL(fileURLWithPath: environmentsFolder))
            .selecting(systems: systems, environments: [environment])
            .synthesize(format: .json)
        return try syntheses.map { (synthesis) throws(TenkaiError) -> CloudAssembly in
            try CloudAssembly(
                folder: CloudAssembly.folder(root: URL(fileURLWithPath: "cloud.out"), system: synthesis.system.systemName, environment: environment),
                files: synthesis.files)
        }
    }

    /// Estimates each assembly with the sheet for its region (`pricing/<region>.json` unless
    /// `--prices` names one).
    mutating func estimate(_ assemblies: [CloudAssembly]) throws(TenkaiError) -> [SystemCost] {
        try assemblies.map { (assembly) throws(TenkaiError) -> SystemCost in
            let region = assembly.manifest.region
            if sheets[region] == nil {
                sheets[region] = try PriceSheet.load(URL(fileURLWithPath: pricesFile ?? "pricing/\(region).json"))
            }
            return try CostEstimator(prices: sheets[region]!).estimate(assembly)
        }
    }
}
