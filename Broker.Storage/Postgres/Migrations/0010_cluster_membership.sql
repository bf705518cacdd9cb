-- Orleans cluster membership (Cluster:Enabled=true), in the broker's own database: one version row per cluster
-- and one row per silo incarnation (address, port, generation). Every insert or update of a silo row also bumps
-- the cluster's version row in the same transaction, guarded by the etag the writer read; the heartbeat
-- (i_am_alive) is written in place and changes neither etag. Times are UTC unix milliseconds, status is the
-- integer value of Orleans.Runtime.SiloStatus.

CREATE TABLE cluster_versions (
    cluster_id  text COLLATE "C" PRIMARY KEY,
    version     integer NOT NULL,
    etag        bigint NOT NULL
);

CREATE TABLE cluster_silos (
    cluster_id      text COLLATE "C" NOT NULL REFERENCES cluster_versions (cluster_id) ON DELETE CASCADE,
    address         text NOT NULL,
    port            integer NOT NULL,
    generation      integer NOT NULL,
    silo_name       text NOT NULL,
    host_name       text NOT NULL,
    status          integer NOT NULL,
    proxy_port      integer NOT NULL,
    role_name       text,
    update_zone     integer NOT NULL,
    fault_zone      integer NOT NULL,
    -- "silo-address@unix-ms" pairs separated by '|': the votes of the silos that suspect this one
    suspect_times   text,
    last_suspected  bigint,
    start_time      bigint NOT NULL,
    i_am_alive      bigint NOT NULL,
    etag            bigint NOT NULL,
    PRIMARY KEY (cluster_id, address, port, generation)
);
