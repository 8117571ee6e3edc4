import Tenkai
import TenkaiCore
import Testing

/// RestApi: resources per path segment, methods with their authorization and Lambda
/// permissions scoped to one method and path, the stage's throttle and logs, CORS, a deployment
/// that changes with the routes, and the errors bad routes give.
@Suite struct RestApiComponentTests {
    static let list = Function("list-items", runtime: .python313, handler: "items.list", code: .s3(bucket: "code", key: "items.zip"))
    static let show = Function("show-item", runtime: .python313, handler: "items.show", code: .s3(bucket: "code", key: "items.zip"))
    static let users = UserPool("users")

    static func resources(_ api: RestApi) throws -> [String: Resource] {
        try Components.resources {
            users
            list
            show
            api
        }
    }

    static func api() -> RestApi {
        RestApi("api") {
            Route(.get, "/items", to: list, authorization: .none)
            Route(.get, "/items/{itemId}", to: show)
        }
        .authorized(by: users)
    }

    @Test func resourcesMethodsAndScopedPermissions() throws {
        let resources = try Self.resources(Self.api())
        #expect(resources["ApiRestApi"]?.properties["EndpointConfiguration"] == ["Types": ["REGIONAL"]])
        #expect(resources["ApiRestApiItemsResource"]?.properties["ParentId"] == .getAtt("ApiRestApi", "RootResourceId"))
        #expect(resources["ApiRestApiItemsItemIdResource"]?.properties["ParentId"] == .ref("ApiRestApiItemsResource"))
        #expect(resources["ApiRestApiItemsItemIdResource"]?.properties["PathPart"] == "{itemId}")
        let open = try #require(resources["ApiRestApiItemsGetMethod"])
        #expect(open.properties["AuthorizationType"] == "NONE" && open.properties["AuthorizerId"] == nil)
        let signedIn = try #require(resources["ApiRestApiItemsItemIdGetMethod"])
        #expect(signedIn.properties["AuthorizationType"] == "COGNITO_USER_POOLS")
        #expect(signedIn.properties["AuthorizerId"] == .ref("ApiRestApiAuthorizer"))
        #expect(signedIn.properties["Integration"]?[path: "Type"] == "AWS_PROXY")
        #expect(resources["ApiRestApiAuthorizer"]?.properties["ProviderARNs"] == [.getAtt("UsersUserPool", "Arn")])
        let permission = try #require(resources["ApiRestApiItemsItemIdGetPermission"])
        #expect(permission.properties["FunctionName"] == .getAtt("ShowItemFunction", "Arn"))
        #expect(permission.properties["SourceArn"] == .sub("arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${ApiRestApi}/v1/GET/items/*"),
                "the permission names one method and path, the parameter as *")
    }

    @Test func theStageThrottlesTracesAndLogsAccess() throws {
        let resources = try Self.resources(Self.api().throttling(requestsPerSecond: 20, burst: 40).logRetention(days: 90))
        let stage = try Components.only("AWS::ApiGateway::Stage", in: resources)
        #expect(stage.properties["TracingEnabled"] == true)
        let settings = stage.properties["MethodSettings"]?.listValue?.first
        #expect(settings?[path: "ThrottlingRateLimit"] == .double(20) && settings?[path: "ThrottlingBurstLimit"] == 40)
        #expect(settings?[path: "DataTraceEnabled"] == false)
        #expect(stage.properties["AccessLogSetting"]?[path: "DestinationArn"] == .getAtt("ApiRestApiAccessLogGroup", "Arn"))
        #expect(resources["ApiRestApiAccessLogGroup"]?.properties["LogGroupName"] == "/aws/apigateway/shop-dev-api")
        #expect(resources["ApiRestApiAccessLogGroup"]?.properties["RetentionInDays"] == 90)
        let deployment = try Components.only("AWS::ApiGateway::Deployment", in: resources)
        #expect(Set(deployment.dependsOn) == ["ApiRestApiItemsGetMethod", "ApiRestApiItemsItemIdGetMethod"])
    }

    @Test func aChangedRouteGetsANewDeployment() throws {
        func deploymentID(_ api: RestApi) throws -> String? {
            try Self.resources(api).first { $0.value.type == "AWS::ApiGateway::Deployment" }?.key
        }
        let before = try deploymentID(Self.api())
        let after = try deploymentID(RestApi("api") {
            Route(.get, "/items", to: Self.list, authorization: .none)
            Route(.post, "/items/{itemId}", to: Self.show)
        }.authorized(by: Self.users))
        #expect(before != nil && after != nil && before != after)
        #expect(try deploymentID(Self.api()) == before, "the same routes keep their deployment")
    }

    @Test func corsAddsPreflightsAndGatewayResponses() throws {
        let resources = try Self.resources(Self.api().cors(allowedOrigin: "https://shop.example.com"))
        let preflight = try #require(resources["ApiRestApiItemsOptionsMethod"])
        #expect(preflight.properties["AuthorizationType"] == "NONE")
        #expect(preflight.properties["Integration"]?[path: "Type"] == "MOCK")
        let headers = preflight.properties["Integration"]?[path: "IntegrationResponses"]?.listValue?.first?[path: "ResponseParameters"]
        #expect(headers?.fieldsValue?["method.response.header.Access-Control-Allow-Origin"] == "'https://shop.example.com'")
        #expect(headers?.fieldsValue?["method.response.header.Access-Control-Allow-Methods"] == "'GET,OPTIONS'")
        #expect(resources["ApiRestApiItemsItemIdOptionsMethod"] != nil)
        #expect(resources["ApiRestApiDefault4xxResponse"]?.properties["ResponseType"] == "DEFAULT_4XX")
        #expect(resources["ApiRestApiDefault5xxResponse"] != nil)
    }

    @Test func apiReference() {
        #expect(Self.api().apiID.value == .ref("ApiRestApi"))
    }

    @Test func badRoutesAreErrors() {
        let errors = Components.errors {
            Self.list
            RestApi("api") {
                Route(.get, "items", to: Self.list, authorization: .none)
                Route(.get, "/items", to: Self.list)
                Route(.get, "/items", to: Self.list)
            }
        }
        #expect(errors.contains("route path 'items' is not valid"), "\(errors)")
        #expect(errors.contains("route GET /items is declared twice"))
        #expect(errors.contains("routes require signed-in users but the API has no user pool"))
        let empty = Components.errors { RestApi("api") {} }
        #expect(empty.contains("the API has no routes"), "\(empty)")
    }
}
