pub mod intern;
