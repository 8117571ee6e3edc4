import CZlib

#if canImport(Glibc)
import Glibc
#endif

/// zlib's entry points, opened with `dlopen` the first time a layer is compressed, like
/// AWSClient's libcurl: linking it would make every `tenkai` start map one more library.
struct LibZ: @unchecked Sendable {  // immutable C function pointers
    let deflateInit2: tenkai_deflate_init2_fn
    let deflate: tenkai_deflate_fn
    let deflateEnd: tenkai_deflate_end_fn
    let inflateInit2: tenkai_inflate_init2_fn
    let inflate: tenkai_inflate_fn
    let inflateEnd: tenkai_inflate_end_fn

    static let shared: Result<LibZ, ImageError> = Result { () throws(ImageError) in try LibZ.open() }

    private static func open() throws(ImageError) -> LibZ {
        guard let handle = dlopen("libz.so.1", RTLD_NOW | RTLD_LOCAL) else {
            let reason = dlerror().map { String(cString: $0) } ?? "libz.so.1"
            throw ImageError("zlib could not be loaded (\(reason)); install it with `apt-get install -y zlib1g`")
        }
        func symbol<Function>(_ name: String) throws(ImageError) -> Function {
            guard let address = dlsym(handle, name) else { throw ImageError("libz.so.1 has no \(name); zlib 1.2 or newer is needed") }
            return unsafeBitCast(address, to: Function.self)
        }
        return LibZ(
            deflateInit2: try symbol("deflateInit2_"), deflate: try symbol("deflate"), deflateEnd: try symbol("deflateEnd"),
            inflateInit2: try symbol("inflateInit2_"), inflate: try symbol("inflate"),
            inflateEnd: try symbol("inflateEnd"))
    }
}
