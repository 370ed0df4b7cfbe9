#!/usr/bin/env bash
# Stage 3, integration: every *IT except the cluster one. Real processes: s3proxy as the S3
# server, each CLI command its own JVM (S3 lakehouse, catalog across processes, SIGKILL and S3
# outage mid-write, concurrent writers, secrets kept out of logs and tables, MLflow/Airflow HTTP
# contracts).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# -Dballast.local: these run the launcher's class path, not the spark-submit jar.
run_its '*IT, !ClusterIT' -Dballast.local
