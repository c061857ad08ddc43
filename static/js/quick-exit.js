/* placeholder: quick exit */
