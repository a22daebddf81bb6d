//! The data file's format number: a file of the previous format (2) is
//! upgraded in place (as is a format-3 file) when opened; a file of a format this livehost does
//! not know is refused with a text that says what to do.

use livehost::store::Store;
use redb::{Database, TableDefinition};

const META: TableDefinition<&str, &str> = TableDefinition::new("meta");
const ROOM_SEATS: TableDefinition<(&str, u32), u64> = TableDefinition::new("room_seats");

fn set_format(path: &std::path::Path, format: &str) {
    let db = Database::create(path).unwrap();
    let txn = db.begin_write().unwrap();
    txn.open_table(META)
        .unwrap()
        .insert("format", format)
        .unwrap();
    txn.commit().unwrap();
}

#[test]
fn a_format_2_or_3_file_is_upgraded_and_an_unknown_format_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data.redb");
    let store = Store::open(&path).unwrap();
    assert_eq!(store.meta("format").unwrap().as_deref(), Some("4"));
    drop(store);

    set_format(&path, "2");
    let store = Store::open(&path).expect("a format-2 file opens");
    assert_eq!(store.meta("format").unwrap().as_deref(), Some("4"));
    drop(store);

    // A format-3 file has no room_seats table: the upgrade makes it.
    set_format(&path, "3");
    {
        let db = Database::create(&path).unwrap();
        let txn = db.begin_write().unwrap();
        assert!(txn.delete_table(ROOM_SEATS).unwrap(), "the table existed");
        txn.commit().unwrap();
    }
    let store = Store::open(&path).expect("a format-3 file opens");
    assert_eq!(store.meta("format").unwrap().as_deref(), Some("4"));
    drop(store);
    {
        use redb::ReadableDatabase;
        let db = Database::create(&path).unwrap();
        let read = db.begin_read().unwrap();
        read.open_table(ROOM_SEATS)
            .expect("the upgrade made the room_seats table");
    }

    set_format(&path, "9");
    let error = Store::open(&path).err().expect("format 9 is refused");
    let text = error.to_string();
    assert!(
        text.contains("different livehost format (9, expected 4)"),
        "{text}"
    );
}
