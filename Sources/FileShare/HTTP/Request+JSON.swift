import Foundation
import HTTPTypes
import Hummingbird

extension Request {
    /// Decodes a JSON body, turning every way it can be wrong into a clear 4xx: a wrong
    /// `Content-Type` (415), a body over the context's limit (413), malformed JSON or a missing
    /// or mistyped field (400, naming the field).
    func decodeJSON<T: Decodable>(as type: T.Type, context: AppRequestContext) async throws -> T {
        let mediaType = headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        guard mediaType == "application/json" else {
            throw AppError.unsupportedMediaType("Send the request body as JSON with 'Content-Type: application/json'.")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await body.collect(upTo: context.maxUploadSize)
        } catch {
            throw AppError.tooLarge(limit: context.maxUploadSize)
        }
        do {
            return try JSONDecoder.api.decode(T.self, from: Data(buffer.readableBytesView))
        } catch let DecodingError.keyNotFound(key, _) {
            throw AppError.badRequest(key.stringValue, "The field '\(key.stringValue)' is required.")
        } catch let DecodingError.typeMismatch(_, detail), let DecodingError.valueNotFound(_, detail) {
            let field = detail.codingPath.map(\.stringValue).joined(separator: ".")
            throw AppError.badRequest(field, "The field '\(field)' has the wrong type: \(detail.debugDescription)")
        } catch let DecodingError.dataCorrupted(detail) {
            let field = detail.codingPath.map(\.stringValue).joined(separator: ".")
            throw AppError.badRequest(field.isEmpty ? "body" : field, "The body is not valid JSON or a value is malformed: \(detail.debugDescription)")
        } catch {
            throw AppError.badRequest("body", "The body is not valid JSON.")
        }
    }
}

extension JSONDecoder {
    static var api: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}

extension JSONEncoder {
    static var api: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}

/// A JSON response with a chosen status (Hummingbird's `Codable` return is always 200).
struct JSONResponse<Value: Encodable & Sendable>: ResponseGenerator {
    var status: HTTPResponse.Status = .ok
    let value: Value

    init(_ status: HTTPResponse.Status = .ok, _ value: Value) {
        self.status = status
        self.value = value
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let data = try JSONEncoder.api.encode(value)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
