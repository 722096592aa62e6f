-- DropTable
DROP TABLE "SignupAttempt";
