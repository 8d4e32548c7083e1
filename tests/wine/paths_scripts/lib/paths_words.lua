-- Required by café_test.lua (test files may require their folder's lib/ modules).
return { greeting = "grüß" }
