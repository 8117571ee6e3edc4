/// The media types of OCI images and of the Docker v2 format `docker save` and older
/// registries use.
public enum OCIMediaType {
    public static let imageIndex = "application/vnd.oci.image.index.v1+json"
    public static let imageManifest = "application/vnd.oci.image.manifest.v1+json"
    public static let imageConfig = "application/vnd.oci.image.config.v1+json"
    public static let gzipLayer = "application/vnd.oci.image.layer.v1.tar+gzip"
    public static let tarLayer = "application/vnd.oci.image.layer.v1.tar"

    public static let dockerManifest = "application/vnd.docker.distribution.manifest.v2+json"
    public static let dockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json"
    public static let dockerConfig = "application/vnd.docker.container.image.v1+json"
    public static let dockerTarLayer = "application/vnd.docker.image.rootfs.diff.tar"
    public static let dockerGzipLayer = "application/vnd.docker.image.rootfs.diff.tar.gzip"
}
