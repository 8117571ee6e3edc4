// README.md's "Writing a system" example, verbatim: compiling this file compiles the README.
// ReadmeExampleTests checks the two stay the same.
import Tenkai

public let shop = System("shop") { env in
    let files = Bucket("files").cors(allowedOrigins: ["https://\(env.domain)"])
    Stack("data") { files }
    if env.isProduction {
        Stack("audit") { Bucket("audit-logs").retained() }
    }
}
