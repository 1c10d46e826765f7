//! The one-connection rule: a request that holds a transaction must read through it. Asking
//! the pool for a second connection meanwhile is what deadlocks a loaded server (every
//! request holds one connection and waits for another), so debug builds stop at once.

use gerbang_store::{Conn, Db, scoped};

async fn db() -> (Db, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(format!("gerbang-conn-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).expect("dir");
    let db = Db::connect(&format!("sqlite://{}", dir.join("t.db").display()))
        .await
        .expect("db");
    db.migrate().await.expect("migrate");
    (db, dir)
}

#[tokio::test]
async fn reading_through_the_transaction_is_fine() {
    let (db, dir) = db().await;
    scoped(async {
        let mut tx = db.begin().await.expect("begin");
        let none = gerbang_store::accounts::user_by_id(Conn::Tx(&mut tx), 1)
            .await
            .expect("read");
        assert!(none.is_none());
        tx.commit().await.expect("commit");
        // After the commit the pool is free to use again.
        db.ping().await.expect("ping");
    })
    .await;
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
#[should_panic(expected = "second pooled connection")]
async fn a_second_connection_while_holding_a_transaction_is_caught() {
    let (db, _dir) = db().await;
    scoped(async {
        let _tx = db.begin().await.expect("begin");
        let _ = gerbang_store::accounts::user_by_id(&db, 1).await;
    })
    .await;
}
