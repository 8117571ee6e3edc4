"""moto_server, with CloudFormation behaviour real AWS has and moto 5.2 lacks.

deploy-local.sh runs the unchanged production templates against moto. Where moto's
CloudFormation misses something the AWS documentation promises, the template would have to
lose a secure default to deploy there; instead this teaches moto the missing piece, using
moto's own backends, so the emulator comes closer to AWS and the templates stay as they are:

- AWS::RDS::DBInstance: `ManageMasterUserPassword` (with `MasterUserSecret.KmsKeyId`) makes
  RDS keep the master password in Secrets Manager; `Fn::GetAtt MasterUserSecret.SecretArn`
  returns that secret. moto's API has both, its CloudFormation ignores the property and
  refuses the attribute; the same for `Fn::GetAtt DbiResourceId` (the ID in an IAM database
  login's `rds-db:connect` ARN), which moto's instance has. `Ref` of a DBParameterGroup in `DBParameterGroupName` reached moto's
  DBInstance as an object rather than the group's name (HTTP 500).
- AWS::Route53::HostedZone: `Fn::GetAtt Id` and `NameServers`. moto's zone has no
  attributes, and one such output makes moto drop every output of the stack.
- AWS::SecretsManager::Secret (with `SecretString` or `GenerateSecretString`): moto has the
  service but no CloudFormation model, so `Ref` gave nothing to export.
- AWS::ElasticLoadBalancingV2::LoadBalancer: `Fn::GetAtt LoadBalancerFullName` and
  `CanonicalHostedZoneID` (moto's API knows both; its CloudFormation refuses them).
- AWS::ElasticLoadBalancingV2::TargetGroup: `Fn::GetAtt TargetGroupFullName` (and `TargetGroupArn`,
  `TargetGroupName`); moto's target group has no attributes.
- AWS::CertificateManager::Certificate: moto has ACM but no CloudFormation model; the listener
  that uses the certificate's `Ref` failed (HTTP 500). The certificate stays pending validation.
- AWS::WAFv2::WebACL: moto has WAFv2 but no CloudFormation model; an output of its `Arn`
  crashed moto (HTTP 500). Associations and logging configurations stay unmodelled.
- AWS::SSM::Parameter `Tags`: CloudFormation takes a map there; moto expects a list (HTTP 500).
- AWS::CloudWatch::Alarm: moto has alarms (`PutMetricAlarm`, `SetAlarmState`) but no
  CloudFormation model, so the alarms a release watches were silently not created.
- AWS::ECS::Service: moto's CloudFormation drops `NetworkConfiguration`, `LoadBalancers` and the
  Fargate launch (`LaunchType`, or a FARGATE/FARGATE_SPOT `CapacityProviderStrategy`, which
  moto's ECS cannot hold: such a service becomes `launchType: FARGATE`); here they reach moto's
  ECS in the API's shape, so `DescribeServices` answers what a release copies for green.
- ECS services behind a load balancer: ECS registers each task of the service in its target
  group (and deregisters it when the task stops); moto's ECS does not, so a release's green
  service never got healthy targets. Here each create, update or delete of a service keeps its
  target groups at `desiredCount` targets (made-up private addresses), which moto reports healthy.
- AWS::ECS::TaskDefinition on UpdateStack: CloudFormation replaces the task definition (a new
  revision) and updates every AWS::ECS::Service that refers to it, which then deploys the new
  revision (the release's hand-back to the stack's service relies on it). moto re-registered the
  revision from the template's PascalCase keys (`Image`, so no image), dropping Cpu, NetworkMode
  and RequiresCompatibilities, and left the services referring to it on the old revision. Here
  the revision is registered in the API's shape with those properties, and the referring
  services are updated after it.

Usage (the same arguments as moto_server):

    .venv/bin/python scripts/moto-server.py -H 127.0.0.1 -p 5000
"""

import json
import sys

from moto.acm.models import acm_backends
from moto.core.common_models import CloudFormationModel
from moto.cloudwatch.models import Dimension, Metric, MetricDataQuery, MetricStat, cloudwatch_backends
from moto.cloudformation.parsing import ResourceMap
from moto.ecs.models import Cluster, EC2ContainerServiceBackend, Service, TaskDefinition, ecs_backends
from moto.elbv2.models import FakeLoadBalancer, FakeTargetGroup, elbv2_backends
from moto.rds.models import DBInstance
from moto.route53.models import DelegationSet, FakeZone
from moto.secretsmanager.models import secretsmanager_backends
from moto.server import main
from moto.ssm.models import Parameter
from moto.wafv2.models import wafv2_backends

_rds_create = DBInstance.create_from_cloudformation_json.__func__
_rds_has_attr = DBInstance.has_cfn_attr.__func__
_rds_get_attr = DBInstance.get_cfn_attribute


def _rds_create_managing_password(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    properties = cloudformation_json["Properties"]
    group = properties.get("DBParameterGroupName")
    if group is not None and not isinstance(group, str):
        properties["DBParameterGroupName"] = group.name
    database = _rds_create(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)
    if str(properties.get("ManageMasterUserPassword", "false")).lower() == "true":
        key = (properties.get("MasterUserSecret") or {}).get("KmsKeyId")
        database.update(manage_master_user_password=True, master_user_secret_kms_key_id=key)
    return database


def _rds_has_attr_with_secret(cls, attr):
    return attr in ("MasterUserSecret.SecretArn", "DbiResourceId") or _rds_has_attr(cls, attr)


def _rds_get_attr_with_secret(self, attribute_name):
    if attribute_name == "MasterUserSecret.SecretArn" and getattr(self, "master_user_secret", None):
        return self.master_user_secret.secret.arn
    if attribute_name == "DbiResourceId":
        return self.dbi_resource_id
    return _rds_get_attr(self, attribute_name)


def _zone_has_attr(cls, attr):
    return attr in ("Id", "NameServers")


def _zone_get_attr(self, attribute_name):
    if attribute_name == "Id":
        return self.resource_id
    if attribute_name == "NameServers":
        delegation = self.delegation_set or DelegationSet(self.caller_reference, None, None)
        return delegation.name_servers
    raise NotImplementedError(f"{attribute_name} of a hosted zone")


_load_balancer_get_attr = FakeLoadBalancer.get_cfn_attribute


def _load_balancer_get_attr_with_names(self, attribute_name):
    if attribute_name == "LoadBalancerFullName":
        return self.arn.split(":loadbalancer/")[-1]
    if attribute_name == "CanonicalHostedZoneID":
        return self.canonical_hosted_zone_id
    return _load_balancer_get_attr(self, attribute_name)


def _target_group_has_attr(cls, attr):
    return attr in ("TargetGroupArn", "TargetGroupFullName", "TargetGroupName")


def _target_group_get_attr(self, attribute_name):
    if attribute_name == "TargetGroupArn":
        return self.arn
    if attribute_name == "TargetGroupFullName":
        return self.arn.split(":")[-1]
    if attribute_name == "TargetGroupName":
        return self.name
    raise NotImplementedError(f"{attribute_name} of a target group")


_ssm_create = Parameter.create_from_cloudformation_json.__func__


def _ssm_create_with_tag_map(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    properties = cloudformation_json["Properties"]
    if isinstance(properties.get("Tags"), dict):
        properties["Tags"] = [{"Key": key, "Value": value} for key, value in properties["Tags"].items()]
    return _ssm_create(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)


class SecretsManagerSecret(CloudFormationModel):
    """AWS::SecretsManager::Secret, kept in moto's Secrets Manager; `Ref` is the secret's ARN."""

    # moto's model registry files models by the service named in their module.
    __module__ = "moto.secretsmanager.cloudformation"

    def __init__(self, arn):
        self.arn = arn

    @staticmethod
    def cloudformation_type():
        return "AWS::SecretsManager::Secret"

    @staticmethod
    def cloudformation_name_type():
        return "Name"

    @property
    def physical_resource_id(self):
        return self.arn

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        backend = secretsmanager_backends[account_id][region_name]
        properties = cloudformation_json["Properties"]
        value = properties.get("SecretString")
        generate = properties.get("GenerateSecretString")
        if generate is not None:
            password = json.loads(backend.get_random_password(
                password_length=int(generate.get("PasswordLength", 32)),
                exclude_characters=generate.get("ExcludeCharacters", ""),
                exclude_numbers=generate.get("ExcludeNumbers", False),
                exclude_punctuation=generate.get("ExcludePunctuation", False),
                exclude_uppercase=generate.get("ExcludeUppercase", False),
                exclude_lowercase=generate.get("ExcludeLowercase", False),
                include_space=generate.get("IncludeSpace", False),
                require_each_included_type=generate.get("RequireEachIncludedType", True),
            ))["RandomPassword"]
            key, template = generate.get("GenerateStringKey"), generate.get("SecretStringTemplate")
            value = json.dumps({**json.loads(template), key: password}) if key and template else password
        created = json.loads(backend.create_secret(
            name=resource_name, secret_string=value, secret_binary=None,
            description=properties.get("Description"), tags=properties.get("Tags"),
            kms_key_id=properties.get("KmsKeyId"), client_request_token=None,
            replica_regions=[], force_overwrite=False,
        ))
        return cls(created["ARN"])


class CertificateManagerCertificate(CloudFormationModel):
    """AWS::CertificateManager::Certificate, requested from moto's ACM; `Ref` is its ARN."""

    __module__ = "moto.acm.cloudformation"

    def __init__(self, arn):
        self.arn = arn

    @staticmethod
    def cloudformation_type():
        return "AWS::CertificateManager::Certificate"

    @staticmethod
    def cloudformation_name_type():
        return None

    @property
    def physical_resource_id(self):
        return self.arn

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        properties = cloudformation_json["Properties"]
        arn = acm_backends[account_id][region_name].request_certificate(
            domain_name=properties["DomainName"], idempotency_token=None,
            subject_alt_names=properties.get("SubjectAlternativeNames") or [],
            tags=properties.get("Tags") or [],
        )
        return cls(arn)


class WAFv2WebACL(CloudFormationModel):
    """AWS::WAFv2::WebACL, created in moto's WAFv2; `Ref` is `name|id|scope` as in AWS."""

    __module__ = "moto.wafv2.cloudformation"

    def __init__(self, acl, scope):
        self.acl = acl
        self.scope = scope

    @staticmethod
    def cloudformation_type():
        return "AWS::WAFv2::WebACL"

    @staticmethod
    def cloudformation_name_type():
        return "Name"

    @classmethod
    def has_cfn_attr(cls, attr):
        return attr in ("Arn", "Id")

    def get_cfn_attribute(self, attribute_name):
        if attribute_name == "Arn":
            return self.acl.arn
        if attribute_name == "Id":
            return self.acl.id
        raise NotImplementedError(f"{attribute_name} of a web ACL")

    @property
    def physical_resource_id(self):
        return f"{self.acl.name}|{self.acl.id}|{self.scope}"

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        properties = cloudformation_json["Properties"]
        acl = wafv2_backends[account_id][region_name].create_web_acl(
            name=resource_name, visibility_config=properties["VisibilityConfig"],
            default_action=properties["DefaultAction"], scope=properties["Scope"],
            description=properties.get("Description", ""), tags=properties.get("Tags") or [],
            rules=properties.get("Rules") or [], association_config=properties.get("AssociationConfig"),
            captcha_config=properties.get("CaptchaConfig"), challenge_config=properties.get("ChallengeConfig"),
            custom_response_bodies=properties.get("CustomResponseBodies"), token_domains=properties.get("TokenDomains"),
        )
        return cls(acl, properties["Scope"])


class CloudWatchAlarm(CloudFormationModel):
    """AWS::CloudWatch::Alarm, kept in moto's CloudWatch; `Ref` is the alarm's name."""

    __module__ = "moto.cloudwatch.cloudformation"

    def __init__(self, name, arn):
        self.name = name
        self.arn = arn

    @staticmethod
    def cloudformation_type():
        return "AWS::CloudWatch::Alarm"

    @staticmethod
    def cloudformation_name_type():
        return "AlarmName"

    @classmethod
    def has_cfn_attr(cls, attr):
        return attr == "Arn"

    def get_cfn_attribute(self, attribute_name):
        if attribute_name == "Arn":
            return self.arn
        raise NotImplementedError(f"{attribute_name} of an alarm")

    @property
    def physical_resource_id(self):
        return self.name

    @staticmethod
    def _dimensions(listed):
        return [{"Name": item["Name"], "Value": item["Value"]} for item in listed or []]

    @classmethod
    def _queries(cls, listed):
        queries = []
        for item in listed or []:
            stat = item.get("MetricStat")
            metric_stat = None
            if stat:
                metric = stat["Metric"]
                metric_stat = MetricStat(
                    Metric(metric["MetricName"], metric["Namespace"],
                           [Dimension(item["Name"], item["Value"]) for item in metric.get("Dimensions") or []]),
                    stat["Period"], stat["Stat"], stat.get("Unit"))
            queries.append(MetricDataQuery(
                query_id=item["Id"], label=item.get("Label", ""), period=item.get("Period"),
                return_data=item.get("ReturnData", True), expression=item.get("Expression"), metric_stat=metric_stat))
        return queries

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        properties = cloudformation_json["Properties"]
        name = properties.get("AlarmName") or resource_name
        alarm = cloudwatch_backends[account_id][region_name].put_metric_alarm(
            name=name, namespace=properties.get("Namespace"), metric_name=properties.get("MetricName"),
            comparison_operator=properties["ComparisonOperator"], evaluation_periods=properties["EvaluationPeriods"],
            period=properties.get("Period"), threshold=properties.get("Threshold"), statistic=properties.get("Statistic"),
            description=properties.get("AlarmDescription"), dimensions=cls._dimensions(properties.get("Dimensions")),
            alarm_actions=properties.get("AlarmActions") or [], metric_data_queries=cls._queries(properties.get("Metrics")),
            datapoints_to_alarm=properties.get("DatapointsToAlarm"), extended_statistic=properties.get("ExtendedStatistic"),
            ok_actions=properties.get("OKActions") or [], insufficient_data_actions=properties.get("InsufficientDataActions") or [],
            unit=properties.get("Unit"), actions_enabled=properties.get("ActionsEnabled", True),
            treat_missing_data=properties.get("TreatMissingData"), tags=properties.get("Tags") or [],
        )
        return cls(name, alarm.alarm_arn)

    @classmethod
    def delete_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name):
        name = cloudformation_json.get("Properties", {}).get("AlarmName") or resource_name
        cloudwatch_backends[account_id][region_name].delete_alarms([name])


def _lower_first(key):
    return key[:1].lower() + key[1:]


def _api_shape(value):
    """CloudFormation's `AwsvpcConfiguration: {Subnets: …}` as the ECS API's `awsvpcConfiguration: {subnets: …}`."""
    if isinstance(value, dict):
        return {_lower_first(key): _api_shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_api_shape(item) for item in value]
    return value


def _ecs_service_from_cloudformation(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    properties = cloudformation_json["Properties"]
    cluster = properties["Cluster"]
    cluster = cluster.name if isinstance(cluster, Cluster) else cluster
    definition = properties["TaskDefinition"]
    definition = definition.family if isinstance(definition, TaskDefinition) else definition
    providers = [item.get("CapacityProvider", "") for item in properties.get("CapacityProviderStrategy") or []]
    launch_type = properties.get("LaunchType") or ("FARGATE" if any(p.startswith("FARGATE") for p in providers) else None)
    network = properties.get("NetworkConfiguration")
    return ecs_backends[account_id][region_name].create_service(
        cluster, resource_name, properties.get("DesiredCount"), task_definition_str=definition,
        load_balancers=_api_shape(properties.get("LoadBalancers") or []), launch_type=launch_type,
        network_configuration=_api_shape(network) if network else None,
        deployment_controller=_api_shape(properties.get("DeploymentController")) if properties.get("DeploymentController") else None,
    )


_ecs_create_service = EC2ContainerServiceBackend.create_service
_ecs_update_service = EC2ContainerServiceBackend.update_service
_ecs_delete_service = EC2ContainerServiceBackend.delete_service


def _register_service_targets(backend, service, desired):
    """Keeps each of the service's target groups at `desired` targets, as ECS's tasks would be."""
    elbv2 = elbv2_backends[backend.account_id][backend.region_name]
    for index, balancer in enumerate(service.load_balancers or []):
        group = elbv2.target_groups.get(balancer.get("targetGroupArn"))
        if group is None:
            continue
        port = balancer.get("containerPort", group.port)
        prefix = f"10.{200 + index}.{abs(hash(service.arn)) % 250}."
        wanted = [f"{prefix}{number + 10}" for number in range(desired)]
        stale = [{"Id": target} for target in list(group.targets) if target not in wanted]
        if stale:
            group.deregister(stale)
        group.register([{"Id": target, "Port": port} for target in wanted if target not in group.targets])


def _ecs_create_service_registering(self, *args, **kwargs):
    service = _ecs_create_service(self, *args, **kwargs)
    _register_service_targets(self, service, service.desired_count or 0)
    return service


def _ecs_update_service_registering(self, service_properties):
    service = _ecs_update_service(self, service_properties)
    _register_service_targets(self, service, service.desired_count or 0)
    return service


def _ecs_delete_service_deregistering(self, cluster_name, service_name, force):
    service = _ecs_delete_service(self, cluster_name, service_name, force)
    _register_service_targets(self, service, 0)
    return service


def _register_task_definition_from_cloudformation(properties, account_id, region_name):
    """A task definition as CloudFormation's properties describe it, in the ECS API's shape."""
    return ecs_backends[account_id][region_name].register_task_definition(
        family=properties.get("Family") or "task-definition",
        container_definitions=_api_shape(properties.get("ContainerDefinitions") or []),
        volumes=_api_shape(properties.get("Volumes") or []), network_mode=properties.get("NetworkMode"),
        requires_compatibilities=properties.get("RequiresCompatibilities"), cpu=properties.get("Cpu"),
        memory=properties.get("Memory"), task_role_arn=properties.get("TaskRoleArn"),
        execution_role_arn=properties.get("ExecutionRoleArn"))


def _ecs_task_definition_create(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    return _register_task_definition_from_cloudformation(cloudformation_json["Properties"], account_id, region_name)


def _ecs_task_definition_replace(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):
    """A changed task definition is replaced: a new revision, the old one deregistered."""
    revision = _register_task_definition_from_cloudformation(cloudformation_json["Properties"], account_id, region_name)
    ecs_backends[account_id][region_name].deregister_task_definition(original_resource.arn)
    return revision


def _refers_to(value, name):
    if isinstance(value, dict):
        if value.get("Ref") == name or (isinstance(value.get("Fn::GetAtt"), list) and value["Fn::GetAtt"][:1] == [name]):
            return True
        return any(_refers_to(item, name) for item in value.values())
    if isinstance(value, list):
        return any(_refers_to(item, name) for item in value)
    return False


_build_resource_diff_without_task_definition_users = ResourceMap.build_resource_diff


def _build_resource_diff_with_task_definition_users(self, other_template, parameters=None):
    """Services referring to a replaced task definition are modified too, after it."""
    diff = _build_resource_diff_without_task_definition_users(self, other_template, parameters)
    new = other_template["Resources"]
    replaced = [name for name in diff["Modify"] if new[name].get("Type") == "AWS::ECS::TaskDefinition"]
    for name, resource in new.items():
        if name in diff["Modify"] or name not in self._resource_json_map or resource.get("Type") != "AWS::ECS::Service":
            continue
        if any(_refers_to(resource.get("Properties"), definition) for definition in replaced):
            diff["Modify"].append(name)
    return diff


Parameter.create_from_cloudformation_json = classmethod(_ssm_create_with_tag_map)
DBInstance.create_from_cloudformation_json = classmethod(_rds_create_managing_password)
DBInstance.has_cfn_attr = classmethod(_rds_has_attr_with_secret)
DBInstance.get_cfn_attribute = _rds_get_attr_with_secret
FakeLoadBalancer.get_cfn_attribute = _load_balancer_get_attr_with_names
FakeTargetGroup.has_cfn_attr = classmethod(_target_group_has_attr)
FakeTargetGroup.get_cfn_attribute = _target_group_get_attr
FakeZone.has_cfn_attr = classmethod(_zone_has_attr)
FakeZone.get_cfn_attribute = _zone_get_attr
EC2ContainerServiceBackend.create_service = _ecs_create_service_registering
Service.create_from_cloudformation_json = classmethod(_ecs_service_from_cloudformation)
EC2ContainerServiceBackend.update_service = _ecs_update_service_registering
EC2ContainerServiceBackend.delete_service = _ecs_delete_service_deregistering
TaskDefinition.create_from_cloudformation_json = classmethod(_ecs_task_definition_create)
TaskDefinition.update_from_cloudformation_json = classmethod(_ecs_task_definition_replace)
ResourceMap.build_resource_diff = _build_resource_diff_with_task_definition_users

# --- The stamp rally on moto 5.2.1: change sets, API Gateway methods, Cognito, GET signatures ---
# One block, so other patches above stay apart. tenkai deploys only through change sets, and the
# stamp rally (a REST API in front of Lambda functions, signed in through Cognito, importing the
# data stack's tables) met these gaps on that path; its templates are what AWS documents
# (Tests/TenkaiDeployTests/StampRallyMotoDeployTests deploys them with signatures checked):
#
# - Executing a change set (CREATE ones included) runs moto's `ResourceMap.update`, which creates
#   the added resources in template order, ignoring `DependsOn` and references (only
#   `create_stack`'s path honours `DependsOn`). AWS creates a resource after everything it names
#   with `DependsOn`, `Ref`, `Fn::GetAtt` or `Fn::Sub`. The REST API's `AWS::ApiGateway::Deployment`
#   (which must `DependsOn` its methods, as the AWS::ApiGateway::Deployment page says) sorted
#   before the methods: "The REST API doesn't contain any methods" (HTTP 400). Here the added
#   resources are created in dependency order.
# - A stack made by a CREATE change set starts from moto's empty template and keeps its output
#   map: it never had outputs or exports, and it resolved `Fn::ImportValue` against an empty map
#   of its own rather than the region's exports ("No export named … found"). Here executing a
#   change set gives the stack the region's exports and then publishes its outputs and exports
#   (dropping those an update removed).
# - AWS::ApiGateway::Method: moto's CloudFormation reads `Integration.IntegrationHttpMethod`
#   unconditionally; AWS requires it only for integrations that call a backend (HTTP, AWS, and
#   their proxies), not for MOCK, which a CORS preflight (OPTIONS) uses: KeyError, HTTP 500.
#   moto's own PutIntegration already accepts MOCK without it.
# - AWS::Cognito::UserPool and AWS::Cognito::UserPoolClient: moto has Cognito user pools but no
#   CloudFormation model; with outputs now published, the auth stack's `Fn::GetAtt …Arn` output
#   of its user pool failed ("references undefined resource"). Here they are made in moto's
#   Cognito: `Ref` is the pool's (client's) ID, `Arn`, `ProviderName` and `ProviderURL` as in AWS.
# - Signature checks (INITIAL_NO_AUTH_ACTION_COUNT): for a GET, HEAD or DELETE without a body,
#   moto checks the signature of a copy whose body is the parsed parameters (for API Gateway's
#   and Lambda's GETs, the request's headers, form-encoded), so every correctly signed GET of a
#   REST API (GetRestApis, GetResources, GetFunction) got SignatureDoesNotMatch. AWS hashes the
#   empty body; so does this. S3's check (`x-amz-content-sha256`) is another class, left as is.

import re as _re

from moto.apigateway.models import Method as _ApiGatewayMethod, apigateway_backends as _apigateway_backends
from moto.cloudformation.models import CloudFormationBackend as _CloudFormationBackend
from moto.cloudformation.parsing import ResourceMap as _ResourceMap
from moto.cognitoidp.models import cognitoidp_backends as _cognito_backends
from moto.iam.access_control import IAMRequest as _IAMRequest


def _referenced_resources(value, names):
    """The logical IDs among `names` that `value` refers to with Ref, Fn::GetAtt or Fn::Sub."""
    found = set()
    if isinstance(value, list):
        for item in value:
            found |= _referenced_resources(item, names)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key == "Ref" and isinstance(item, str):
                found |= {item} & names
            elif key == "Fn::GetAtt":
                target = item[0] if isinstance(item, list) else str(item).split(".")[0]
                found |= {target} & names
            elif key == "Fn::Sub":
                text = item[0] if isinstance(item, list) else item
                if isinstance(text, str):
                    found |= set(_re.findall(r"\$\{([^!}.]+)", text)) & names
                if isinstance(item, list):
                    found |= _referenced_resources(item[1:], names)
            else:
                found |= _referenced_resources(item, names)
    return found


def _creation_order(resources):
    """The logical IDs of `resources`, each after everything it depends on (template order otherwise)."""
    names = set(resources)
    order, visiting, done = [], set(), set()

    def visit(name):
        if name in done or name in visiting:
            return
        visiting.add(name)
        resource = resources[name]
        depends = resource.get("DependsOn") or []
        depends = [depends] if isinstance(depends, str) else depends
        needed = (set(depends) & names) | _referenced_resources(resource.get("Properties") or {}, names)
        for other in [item for item in resources if item in needed]:
            visit(other)
        visiting.discard(name)
        done.add(name)
        order.append(name)

    for name in resources:
        visit(name)
    return order


_build_resource_diff = _ResourceMap.build_resource_diff


def _build_resource_diff_in_creation_order(self, other_template, parameters=None):
    actions = _build_resource_diff(self, other_template, parameters)
    position = {name: index for index, name in enumerate(_creation_order(other_template["Resources"]))}
    actions["Add"] = sorted(actions["Add"], key=lambda name: position.get(name, len(position)))
    return actions


_execute_change_set = _CloudFormationBackend.execute_change_set


def _execute_change_set_with_exports(self, change_set_name, stack_name=None):
    change_set = self.change_sets.get(change_set_name) or next(
        (item for item in self.change_sets.values() if item.change_set_name == change_set_name), None)
    stack = self.stacks.get(change_set.stack_id) if change_set is not None else None
    if stack is not None:
        stack.cross_stack_resources = self.exports
        stack.resource_map.cross_stack_resources = self.exports
    before = {export.name for export in stack.exports} if stack is not None else set()
    _execute_change_set(self, change_set_name, stack_name)
    if stack is not None:
        stack._parse_template()
        stack.output_map = stack._create_output_map()
        after = {export.name: export for export in stack.exports}
        for name in before - set(after):
            self.exports.pop(name, None)
        self.exports.update(after)


def _method_from_cloudformation(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    properties = cloudformation_json["Properties"]
    backend = _apigateway_backends[account_id][region_name]
    api, resource, verb = properties["RestApiId"], properties["ResourceId"], properties["HttpMethod"]
    method = backend.put_method(
        function_id=api, resource_id=resource, method_type=verb,
        authorization_type=properties["AuthorizationType"], api_key_required=properties.get("ApiKeyRequired"))
    integration = properties.get("Integration")
    if integration is not None:
        backend.put_integration(
            function_id=api, resource_id=resource, method_type=verb, integration_type=integration["Type"],
            uri=integration.get("Uri"), integration_method=integration.get("IntegrationHttpMethod"))
    return method


class CognitoUserPool(CloudFormationModel):
    """AWS::Cognito::UserPool, kept in moto's Cognito; `Ref` is the pool's ID."""

    __module__ = "moto.cognitoidp.cloudformation"

    def __init__(self, pool):
        self.pool = pool

    @staticmethod
    def cloudformation_type():
        return "AWS::Cognito::UserPool"

    @staticmethod
    def cloudformation_name_type():
        return "UserPoolName"

    @classmethod
    def has_cfn_attr(cls, attr):
        return attr in ("Arn", "ProviderName", "ProviderURL", "UserPoolId")

    def get_cfn_attribute(self, attribute_name):
        provider = f"cognito-idp.{self.pool.region}.amazonaws.com/{self.pool.id}"
        return {"Arn": self.pool.arn, "ProviderName": provider, "ProviderURL": f"https://{provider}",
                "UserPoolId": self.pool.id}[attribute_name]

    @property
    def physical_resource_id(self):
        return self.pool.id

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        properties = dict(cloudformation_json["Properties"])
        name = properties.pop("UserPoolName", resource_name)
        return cls(_cognito_backends[account_id][region_name].create_user_pool(name, properties))


class CognitoUserPoolClient(CloudFormationModel):
    """AWS::Cognito::UserPoolClient, a client of a pool in moto's Cognito; `Ref` is its ID."""

    __module__ = "moto.cognitoidp.cloudformation"

    def __init__(self, client):
        self.client = client

    @staticmethod
    def cloudformation_type():
        return "AWS::Cognito::UserPoolClient"

    @staticmethod
    def cloudformation_name_type():
        return "ClientName"

    @property
    def physical_resource_id(self):
        return self.client.id

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        properties = dict(cloudformation_json["Properties"])
        pool = properties.pop("UserPoolId")
        properties.setdefault("ClientName", resource_name)
        generate = str(properties.pop("GenerateSecret", "false")).lower() == "true"
        return cls(_cognito_backends[account_id][region_name].create_user_pool_client(pool, generate, properties))


_create_aws_request = _IAMRequest._create_aws_request


def _create_aws_request_with_its_body(self):
    request = _create_aws_request(self)
    if self._method in ("GET", "HEAD", "DELETE") and not self._body:
        request.data = b""
    return request


_ResourceMap.build_resource_diff = _build_resource_diff_in_creation_order
_CloudFormationBackend.execute_change_set = _execute_change_set_with_exports
_ApiGatewayMethod.create_from_cloudformation_json = classmethod(_method_from_cloudformation)
_IAMRequest._create_aws_request = _create_aws_request_with_its_body
# --- end of the stamp rally block ---------------------------------------------------------------

# --- App servers on moto 5.2.1: Auto Scaling groups on UpdateStack ------------------------------
# A release of app servers ends by handing traffic back to the stack's blue group: UpdateStack
# sets the image parameter, CloudFormation adds a launch template version (its user data names
# the image) and points both groups, whose `LaunchTemplate.Version` is `Fn::GetAtt
# LatestVersionNumber`, at it. Two gaps on that path:
# - moto's diff compares the templates' text, so a group whose `Version` is that `Fn::GetAtt`
#   stayed on the old version when only the launch template changed. AWS updates every resource
#   whose resolved properties changed. Here groups referring to a modified launch template are
#   modified too, after it.
# - moto's `AWS::AutoScaling::AutoScalingGroup` update deletes the group and creates another under
#   a new generated name, with new instances at the template's sizes. AWS updates the group in
#   place (same name, instances kept: a new launch template version reaches only instances launched
#   later, unless an `AutoScalingRollingUpdate`/`AutoScalingReplacingUpdate` policy says otherwise),
#   and sets `MinSize`/`MaxSize`/`DesiredCapacity` only where the template changed them (what a
#   release sized stays). Here the update goes through moto's `UpdateAutoScalingGroup` that way.
# - moto reports every instance of a group as launched from the launch template's default version;
#   AWS reports the version it was launched from (a release tells the old image's instances from
#   the new one's by it). Here each instance keeps the version its group had when it started.
# - Auto Scaling deregisters an instance from the group's target groups before terminating it;
#   moto left terminated instances registered and reported them healthy, so a refilled group's
#   target group counted old and new instances alike. Here terminated instances are deregistered
#   (as moto's own TerminateInstances does).

from moto.autoscaling.models import (
    AutoScalingBackend as _AutoScalingBackend,
    FakeAutoScalingGroup as _AutoScalingGroup,
    InstanceState as _InstanceState,
    autoscaling_backends as _autoscaling_backends,
)

_SIZES = ("MinSize", "MaxSize", "DesiredCapacity")
_build_resource_diff_without_group_users = _ResourceMap.build_resource_diff
_create_group_from_cloudformation = _AutoScalingGroup.create_from_cloudformation_json.__func__


def _build_resource_diff_with_launch_template_users(self, other_template, parameters=None):
    """Groups referring to a modified launch template are modified too, after it."""
    diff = _build_resource_diff_without_group_users(self, other_template, parameters)
    new = other_template["Resources"]
    templates = [name for name in diff["Modify"] if new[name].get("Type") == "AWS::EC2::LaunchTemplate"]
    for name, resource in new.items():
        if name in diff["Modify"] or name not in self._resource_json_map or resource.get("Type") != "AWS::AutoScaling::AutoScalingGroup":
            continue
        if any(_refers_to(resource.get("Properties"), template) for template in templates):
            diff["Modify"].append(name)
    return diff


def _group_sizes(properties):
    return {key: int(properties[key]) for key in _SIZES if properties.get(key) is not None}


def _create_group_remembering_sizes(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    group = _create_group_from_cloudformation(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)
    group.tenkai_template_sizes = _group_sizes(cloudformation_json["Properties"])
    return group


def _update_group_in_place(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):
    properties = cloudformation_json["Properties"]
    sizes = _group_sizes(properties)
    before = getattr(original_resource, "tenkai_template_sizes", {})
    changed = {key: value for key, value in sizes.items() if before.get(key) != value}
    backend = _autoscaling_backends[account_id][region_name]
    group = backend.update_auto_scaling_group(
        name=original_resource.name, availability_zones=[], desired_capacity=changed.get("DesiredCapacity"),
        max_size=changed.get("MaxSize"), min_size=changed.get("MinSize"), launch_config_name=properties.get("LaunchConfigurationName"),
        launch_template=properties.get("LaunchTemplate") or {}, vpc_zone_identifier=",".join(properties.get("VPCZoneIdentifier", [])) or None,
        health_check_period=properties.get("HealthCheckGracePeriod"), health_check_type=properties.get("HealthCheckType"))
    group.tenkai_template_sizes = sizes
    return group


_instance_state_init = _InstanceState.__init__
_update_attached_target_groups = _AutoScalingBackend.update_attached_target_groups


def _instance_state_init_remembering_version(self, *args, **kwargs):
    _instance_state_init(self, *args, **kwargs)
    group = self.auto_scaling_group
    template = group.ec2_launch_template if group is not None else None
    self.tenkai_launch_template = None if template is None else {
        "LaunchTemplateId": template.id, "LaunchTemplateName": template.name,
        "Version": str(template.get_version(group.launch_template_version).number),
    }


def _update_attached_target_groups_deregistering(self, group_name):
    _update_attached_target_groups(self, group_name)
    group = self.autoscaling_groups[group_name]
    for arn in group.target_group_arns:
        target_group = self.elbv2_backend.target_groups.get(arn)
        if target_group is None:
            continue
        gone = []
        for target in list(target_group.targets):
            instance = self.ec2_backend.get_instance_by_id(target) if target.startswith("i-") else None
            if instance is not None and instance.state == "terminated":
                gone.append(target)
        target_group.deregister_terminated_instances(gone)


_ResourceMap.build_resource_diff = _build_resource_diff_with_launch_template_users
_InstanceState.__init__ = _instance_state_init_remembering_version
_InstanceState.launch_template = property(lambda self: self.tenkai_launch_template)
_AutoScalingBackend.update_attached_target_groups = _update_attached_target_groups_deregistering
_AutoScalingGroup.create_from_cloudformation_json = classmethod(_create_group_remembering_sizes)
_AutoScalingGroup.update_from_cloudformation_json = classmethod(_update_group_in_place)
# --- end of the app servers block ---------------------------------------------------------------

if __name__ == "__main__":
    sys.exit(main())
