"""moto_server, with CloudFormation behaviour real AWS has and moto 5.2 lacks.

deploy-local.sh runs the unchanged production templates against moto. Where moto's
CloudFormation misses something the AWS documentation promises, the template would have to
lose a secure default to deploy there; instead this teaches moto the missing piece, using
moto's own backends, so the emulator comes closer to AWS and the templates stay as they are:

- AWS::RDS::DBInstance: `ManageMasterUserPassword` (with `MasterUserSecret.KmsKeyId`) makes
  RDS keep the master password in Secrets Manager; `Fn::GetAtt MasterUserSecret.SecretArn`
  returns that secret. moto's API has both, its CloudFormation ignores the property and
  refuses the attribute. `Ref` of a DBParameterGroup in `DBParameterGroupName` reached moto's
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

Usage (the same arguments as moto_server):

    .venv/bin/python scripts/moto-server.py -H 127.0.0.1 -p 5000
"""

import json
import sys

from moto.acm.models import acm_backends
from moto.core.common_models import CloudFormationModel
from moto.elbv2.models import FakeLoadBalancer, FakeTargetGroup
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
    return attr == "MasterUserSecret.SecretArn" or _rds_has_attr(cls, attr)


def _rds_get_attr_with_secret(self, attribute_name):
    if attribute_name == "MasterUserSecret.SecretArn" and getattr(self, "master_user_secret", None):
        return self.master_user_secret.secret.arn
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


Parameter.create_from_cloudformation_json = classmethod(_ssm_create_with_tag_map)
DBInstance.create_from_cloudformation_json = classmethod(_rds_create_managing_password)
DBInstance.has_cfn_attr = classmethod(_rds_has_attr_with_secret)
DBInstance.get_cfn_attribute = _rds_get_attr_with_secret
FakeLoadBalancer.get_cfn_attribute = _load_balancer_get_attr_with_names
FakeTargetGroup.has_cfn_attr = classmethod(_target_group_has_attr)
FakeTargetGroup.get_cfn_attribute = _target_group_get_attr
FakeZone.has_cfn_attr = classmethod(_zone_has_attr)
FakeZone.get_cfn_attribute = _zone_get_attr

if __name__ == "__main__":
    sys.exit(main())
