"""The SparkApplications the cluster flavour renders for one date validate strictly against the
Spark operator's CustomResourceDefinition in ../shared/k8s-schemas, made strict the way the
deploy module's KubeSchemas does it: a field the schema does not declare fails."""

import copy
import functools

import jsonschema
import pytest
import yaml

from conftest import REPO
from lakeshore_dags import CLUSTER
from test_dags import BACKFILL_PARAMS, DOMAINS, commerce, parsed, rendered

CRD = REPO.parent / "shared" / "k8s-schemas" / "spark-operator" / "sparkoperator.k8s.io_sparkapplications.yaml"


def strict(node):
    """additionalProperties: false on every object schema that lists properties and does not keep
    unknown fields; int-or-string values accept either, as the API server does."""
    if isinstance(node, dict):
        node = {k: strict(v) for k, v in node.items()}
        if "properties" in node and not node.get("x-kubernetes-preserve-unknown-fields"):
            node.setdefault("additionalProperties", False)
        if node.get("x-kubernetes-int-or-string"):
            node.pop("type", None)
            node["anyOf"] = [{"type": "integer"}, {"type": "string"}]
        return node
    if isinstance(node, list):
        return [strict(v) for v in node]
    return node


@functools.cache
def schema():
    crd = yaml.safe_load(CRD.read_text())
    (version,) = [v for v in crd["spec"]["versions"] if v["name"] == "v1beta2"]
    return strict(copy.deepcopy(version["schema"]["openAPIV3Schema"]))


RENDERED = [(dag_id, job) for domain, expected in DOMAINS.items() for job in expected.jobs
            for dag_id in (f"lakeshore_{domain}", f"lakeshore_{domain}_backfill")] + [("lakeshore_maintenance", "maintain")]


@pytest.mark.parametrize("dag_id,task_id", RENDERED)
def test_rendered_spark_application_is_valid(monkeypatch, dag_id, task_id):
    task = parsed(monkeypatch, CLUSTER, dag_id).get_task(task_id)
    manifest = yaml.safe_load(rendered(task, "application_file", BACKFILL_PARAMS))
    jsonschema.Draft7Validator(schema()).validate(manifest)


def test_a_misspelled_field_fails(monkeypatch):
    task = commerce(monkeypatch, CLUSTER).get_task("enrichment")
    manifest = yaml.safe_load(rendered(task, "application_file"))
    manifest["spec"]["driver"]["memoryOverhed"] = "1g"
    with pytest.raises(jsonschema.ValidationError) as error:
        jsonschema.Draft7Validator(schema()).validate(manifest)
    assert error.value.message == "Additional properties are not allowed ('memoryOverhed' was unexpected)"
    assert list(error.value.absolute_path) == ["spec", "driver"]
