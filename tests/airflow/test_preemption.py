"""Spot preemption of a driver pod must end in an Airflow retry, not a silent success or a
failure without retry. No real cluster here: the provider's own code (cncf.kubernetes 10.25.0)
runs against a mocked Kubernetes client that answers as the API server does when the driver pod
was evicted (phase Failed, reason Evicted) or deleted (404 Not Found)."""

from unittest import mock

import pytest
from airflow.providers.cncf.kubernetes.utils.pod_manager import PodManager
from airflow.sdk.exceptions import AirflowException, AirflowFailException
from kubernetes.client import ApiException, models as k8s

from lakeshore_dags import CLUSTER
from test_dags import commerce


def driver_pod(phase, reason=None):
    return k8s.V1Pod(
        metadata=k8s.V1ObjectMeta(name="lakeshore-enrichment-2026-01-05-x1-driver", namespace="lakeshore", labels={}),
        spec=k8s.V1PodSpec(containers=[k8s.V1Container(name="spark-kubernetes-driver")]),
        status=k8s.V1PodStatus(phase=phase, reason=reason, container_statuses=[]))


def operator(monkeypatch, client, custom_objects=None):
    task = commerce(monkeypatch, CLUSTER).get_task("enrichment")
    # cached properties of the operator, replaced by the mocked clients
    task.client = client
    task.custom_obj_api = custom_objects or mock.MagicMock()
    task.pod_manager = PodManager(kube_client=client)
    return task


def test_evicted_driver_fails_the_try_so_airflow_retries(monkeypatch):
    evicted = driver_pod("Failed", "Evicted")
    client = mock.MagicMock()
    client.read_namespaced_pod.return_value = evicted
    custom_objects = mock.MagicMock()
    task = operator(monkeypatch, client, custom_objects)
    # the wait ends: Failed is a terminal phase
    assert task.pod_manager.await_pod_completion(evicted, container_name="spark-kubernetes-driver") is evicted
    with pytest.raises(AirflowException) as error:
        task.cleanup(pod=evicted, remote_pod=evicted)
    # AirflowFailException would fail the task without its retries
    assert not isinstance(error.value, AirflowFailException)
    assert str(error.value).startswith("Pod lakeshore-enrichment-2026-01-05-x1-driver returned a failure.")
    assert task.retries == 3
    # the failed SparkApplication is deleted, so the retry starts a fresh one
    custom_objects.delete_namespaced_custom_object.assert_called_once()
    assert custom_objects.delete_namespaced_custom_object.call_args.kwargs == {
        "group": "sparkoperator.k8s.io", "version": "v1beta2", "namespace": "lakeshore",
        "plural": "sparkapplications", "name": "lakeshore-enrichment-2026-01-05-x1"}


def test_deleted_driver_fails_the_try_so_airflow_retries(monkeypatch):
    client = mock.MagicMock()
    client.read_namespaced_pod.side_effect = ApiException(status=404, reason="Not Found")
    task = operator(monkeypatch, client)
    with pytest.raises(ApiException) as error:
        task.pod_manager.await_pod_completion(driver_pod("Running"), container_name="spark-kubernetes-driver")
    assert error.value.status == 404
    assert not isinstance(error.value, AirflowFailException)


def test_a_retry_never_reattaches_to_the_evicted_driver(monkeypatch):
    # reattach_on_restart (the default) looks for a driver of the same DAG run and task, of any
    # try; the query the provider sends leaves out pods that failed or that cleanup marked checked,
    # so the evicted try's driver (phase Failed) is never picked up and the retry starts a new one
    client = mock.MagicMock()
    client.list_namespaced_pod.return_value = k8s.V1PodList(items=[])
    task = operator(monkeypatch, client)
    assert task.reattach_on_restart is True
    ti = mock.MagicMock(dag_id="lakeshore_commerce", task_id="enrichment", map_index=-1, try_number=2)
    context = {"ti": ti, "run_id": "scheduled__2026-01-05T03:00:00+00:00", "dag": task.dag}
    assert task.find_spark_job(context) is None
    query = client.list_namespaced_pod.call_args
    assert query.kwargs["field_selector"] == "status.phase!=Failed,status.phase!=Unknown"
    selector = query.kwargs["label_selector"].split(",")
    assert "already_checked!=True" in selector and "spark-role=driver" in selector
    assert "dag_id=lakeshore_commerce" in selector and "task_id=enrichment" in selector
    assert not [s for s in selector if s.startswith("try_number")]
