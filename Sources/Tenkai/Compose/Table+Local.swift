import TenkaiCore

extension Table: LocallyRunnable {
    /// A DynamoDB Local table of the same name, keys and indexes, created by `dynamodb-setup`.
    public func provideLocally(into compose: inout ComposeContext) {
        let name = compose.resourceName(self.name)
        var arguments = "--table-name \(name) --billing-mode PAY_PER_REQUEST"
        arguments += " --attribute-definitions"
        for key in attributeDefinitions { arguments += " AttributeName=\(key.attribute),AttributeType=\(key.type)" }
        arguments += " --key-schema AttributeName=\(partitionKey.attribute),KeyType=HASH"
        if let sortKey { arguments += " AttributeName=\(sortKey.attribute),KeyType=RANGE" }
        if !indexes.isEmpty {
            let indexes: [Value] = indexes.map { index in
                var schema: [Value] = [["AttributeName": .string(index.partitionKey.attribute), "KeyType": "HASH"]]
                if let sort = index.sortKey { schema.append(["AttributeName": .string(sort.attribute), "KeyType": "RANGE"]) }
                return ["IndexName": .string(index.name), "KeySchema": .list(schema), "Projection": ["ProjectionType": "ALL"]]
            }
            let json = String(decoding: JSONRenderer.renderCompact(.list(indexes)), as: UTF8.self)
            arguments += " --global-secondary-indexes \(LocalAWS.shellQuoted(json))"
        }
        LocalAWS.addTable(arguments, named: name, to: &compose)
        compose.publish(tableName, as: name, readyWhen: ("dynamodb-setup", .completedSuccessfully))
        compose.publish(
            arn, as: "arn:aws:dynamodb:\(compose.region):000000000000:table/\(name)",
            readyWhen: ("dynamodb-setup", .completedSuccessfully))
    }
}
