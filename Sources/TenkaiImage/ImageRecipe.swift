/// Everything an image is made from. The same recipe and the same host files give the same
/// image digest.
///
/// The user and the writable paths come from the service's task definition (today's DSL:
/// `Container.user` and `Container.writable(_:)`), so the image matches how it is started:
/// read-only root file system, non-root user, only those paths writable.
///
/// ```swift
/// var recipe = ImageRecipe(name: "fileshare", binary: ".build/release/fileshare")
/// recipe.arguments = ["serve"]
/// recipe.writablePaths = ["/tmp"]
/// let image = try ImageBuilder().build(recipe, into: "cloud.out/images/fileshare")
/// ```
public struct ImageRecipe: Sendable {
    /// A host file copied into the image.
    public struct ExtraFile: Sendable, Equatable {
        public var hostPath: String
        public var imagePath: String

        public init(hostPath: String, imagePath: String) {
            self.hostPath = hostPath
            self.imagePath = imagePath
        }
    }

    /// Libraries this package's binaries open with `dlopen`, which no ELF header lists:
    /// libcurl, which AWSClient opens on its first request (`LibCurl.candidateNames`).
    public static let dlopenedLibraries = ["libcurl.so.4"]

    /// The image's name (the product), used for the binary's file name.
    public var name: String
    /// The Linux binary on the build machine.
    public var binary: String
    /// Where the binary goes in the image.
    public var binaryImagePath: String
    /// `Cmd`: the entry point's default arguments.
    public var arguments: [String] = []
    public var user = ImageUser()
    /// Directories the running program may write to; made and owned by ``user``.
    public var writablePaths: [String] = ["/tmp"]
    /// Sonames opened with `dlopen`, collected with everything they need.
    public var extraLibraries: [String] = ImageRecipe.dlopenedLibraries
    public var extraFiles: [ExtraFile] = []
    /// The CA bundle on the build machine, copied to the same path.
    public var certificates = "/etc/ssl/certs/ca-certificates.crt"
    /// Added to `PATH` and `SSL_CERT_FILE`, in this order.
    public var environment: [(String, String)] = []
    public var workingDirectory = "/"
    public var exposedPorts: [Int] = []
    /// Every file's time stamp and the config's `created`: `SOURCE_DATE_EPOCH`, or 0.
    public var epoch = 0

    public init(name: String, binary: String) {
        self.name = name
        self.binary = binary
        self.binaryImagePath = "/usr/local/bin/" + name
    }
}
