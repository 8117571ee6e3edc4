import CZlib

/// gzip with zlib, reproducible: the header carries no file name and a zero time stamp, so the
/// same bytes in give the same bytes out (with the same zlib and level).
///
/// Layers are compressed rather than pushed as plain tar because registries store and Fargate
/// pulls every byte: the system layer shrinks about threefold. `docker`, `ko` and `crane` push
/// gzip layers too, so every registry and runtime accepts them.
public enum Gzip {
    /// Compresses `bytes` (level 6, zlib's default balance of size and time).
    public static func compress(_ bytes: [UInt8], level: Int32 = 6) throws(ImageError) -> [UInt8] {
        let zlib = try LibZ.shared.get()
        var stream = z_stream()
        guard tenkai_deflate_init_gzip(zlib.deflateInit2, &stream, level) == Z_OK else { throw ImageError("zlib could not start compressing") }
        defer { _ = zlib.deflateEnd(&stream) }
        // Output in 1 MiB pieces rather than one deflateBound-sized buffer: a layer can be
        // hundreds of megabytes, and its compressed form is a fraction of that.
        let (output, status) = pump(bytes, through: &stream, chunkSize: 1 << 20, expectedSize: bytes.count / 3) {
            zlib.deflate(&$0, Z_FINISH)
        }
        guard status == Z_STREAM_END else { throw ImageError("zlib could not compress \(bytes.count) bytes (status \(status))") }
        return output
    }

    /// Decompresses a gzip stream (to read layers back).
    public static func decompress(_ bytes: [UInt8]) throws(ImageError) -> [UInt8] {
        let zlib = try LibZ.shared.get()
        var stream = z_stream()
        guard tenkai_inflate_init_gzip(zlib.inflateInit2, &stream) == Z_OK else { throw ImageError("zlib could not start decompressing") }
        defer { _ = zlib.inflateEnd(&stream) }
        let (output, status) = pump(bytes, through: &stream, chunkSize: 1 << 16, expectedSize: 0) {
            zlib.inflate(&$0, Z_NO_FLUSH)
        }
        guard status == Z_STREAM_END else { throw ImageError("not a complete gzip stream (zlib status \(status))") }
        return output
    }

    /// Feeds all of `input` to `step` (one deflate or inflate call) and collects what it writes,
    /// `chunkSize` bytes at a time, until it returns anything but `Z_OK`: `Z_STREAM_END` when
    /// the stream is complete, an error or `Z_BUF_ERROR` (input ran out) otherwise.
    private static func pump(
        _ input: [UInt8], through stream: inout z_stream, chunkSize: Int, expectedSize: Int,
        step: (inout z_stream) -> Int32
    ) -> (output: [UInt8], status: Int32) {
        var output: [UInt8] = []
        output.reserveCapacity(expectedSize)
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        var status = Z_OK
        input.withUnsafeBufferPointer { input in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.avail_in = uInt(input.count)
            repeat {
                let produced = chunk.withUnsafeMutableBufferPointer { out -> Int in
                    stream.next_out = out.baseAddress
                    stream.avail_out = uInt(out.count)
                    status = step(&stream)
                    return out.count - Int(stream.avail_out)
                }
                output += chunk[..<produced]
            } while status == Z_OK
        }
        return (output, status)
    }
}
