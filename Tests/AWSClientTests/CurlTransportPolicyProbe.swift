@testable import AWSClient
import Foundation

/// Reaches the transport's scheme rule without sending anything.
enum CurlTransportPolicyProbe {
    static func allowed(_ url: String) throws {
        try CurlTransport.checkScheme(of: URL(string: url)!)
    }
}
