import Hummingbird

// Handlers return these directly; Hummingbird encodes them with the context's JSON encoder.
extension User: ResponseEncodable {}
extension Project: ResponseEncodable {}
extension Member: ResponseEncodable {}
extension StoredFile: ResponseEncodable {}
extension FileVersion: ResponseEncodable {}
extension Upload: ResponseEncodable {}
extension UploadPart: ResponseEncodable {}
extension ShareLink: ResponseEncodable {}
extension AuditEvent: ResponseEncodable {}
extension Page: ResponseEncodable {}
extension FileController.FileDetail: ResponseEncodable {}
extension PublicShareController.SharedContent: ResponseEncodable {}
