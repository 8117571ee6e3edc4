import Foundation
import Tenkai
import TenkaiCore
import TenkaiStacks
import Testing

/// A wrong Fargate size is one error, named first and alone: the service still translates, so the
/// components that use it do not fail too (the cascade once buried it under 16 others).
@Suite struct FargateSizeTests {
    static func errors(webSize: String) throws -> [Diagnostic] {
        var environment = try FileShareFixtures.environment("prod")
        environment.systems["fileshare"]?["webSize"] = .plain(webSize)
        do {
            _ = try Resolver.resolve(fileShare, in: environment)
            return []
        } catch {
            return error.diagnostics
        }
    }

    @Test(arguments: ["2048/99999", "2048/4097", "256/1536", "8192/17408", "3000/6144"])
    func aSizeFargateDoesNotOfferIsOneError(size: String) throws {
        let errors = try Self.errors(webSize: size)
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.message == "size '\(size)' is not a Fargate 'cpu/memory' pair")
    }

    @Test(arguments: ["256/512", "256/2048", "2048/5120", "8192/20480", "16384/122880"])
    func sizesFargateOffersResolve(size: String) throws {
        #expect(try Self.errors(webSize: size).isEmpty)
    }
}
