DROP TABLE deleted_sends;
